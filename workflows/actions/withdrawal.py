"""Withdraw a document from use, and reinstate it."""

from wagtail.actions.unpublish_page import UnpublishPageAction

from policies.models import ControlledDocumentPage

from ..models import ControlEvent
from ..notifications import WithdrawnNotifier
from ..permissions import approval_refusal
from ..selectors import current_issue
from .base import DocumentAction, update_control_state


class WithdrawDocumentAction(DocumentAction):
    """Take a document out of use: unpublished, out of the library and search, its
    issues kept, and closed to edits until reinstated."""

    action_name = "withdraw"
    log_action = "itsms.withdraw"
    reason_required = "withdrawal"

    def permission_refusal(self) -> str | None:
        return approval_refusal(self.user, self.document, "withdraw")

    def state_refusal(self, document: ControlledDocumentPage) -> str | None:
        if document.withdrawn:
            return f"{document.document_number} is already withdrawn."
        return None

    def perform(self, document: ControlledDocumentPage) -> ControlEvent:
        if document.workflow_in_progress:
            document.current_workflow_state.cancel(user=self.user)
        if document.live:
            UnpublishPageAction(document, user=self.user, log_action=False).execute(
                skip_permission_checks=True
            )
        update_control_state(document, withdrawn=True)
        return ControlEvent.objects.create(
            document=document,
            kind=ControlEvent.Kind.WITHDRAWN,
            user=self.user,
            comment=self.reason,
        )

    def notify(self, document: ControlledDocumentPage) -> None:
        WithdrawnNotifier()(document, user=self.user, reason=self.reason)


class ReinstateDocumentAction(DocumentAction):
    """Bring a withdrawn document back into use: its last issue, exactly as it was
    approved, is current again (published from its own revision), and it is open
    to edits, which go through approval as before."""

    action_name = "reinstate"
    log_action = "itsms.reinstate"
    reason_required = "reinstatement"

    def permission_refusal(self) -> str | None:
        return approval_refusal(self.user, self.document, "reinstate")

    def state_refusal(self, document: ControlledDocumentPage) -> str | None:
        if not document.withdrawn:
            return f"{document.document_number} is not withdrawn."
        return None

    def perform(self, document: ControlledDocumentPage) -> ControlEvent:
        update_control_state(
            document, withdrawn=False
        )  # first: withdrawn refuses saves
        issue = current_issue(document)
        if issue is not None:
            issue.revision.publish(user=self.user, skip_permission_checks=True)
        return ControlEvent.objects.create(
            document=document,
            kind=ControlEvent.Kind.REINSTATED,
            user=self.user,
            comment=self.reason,
        )
