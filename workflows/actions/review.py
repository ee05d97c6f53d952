"""Periodic review without change: the owner records it, an approver confirms it."""

from django.utils import timezone
from django.utils.functional import cached_property

from policies.dates import add_months
from policies.models import ControlledDocumentPage

from ..models import ControlEvent
from ..notifications import ReviewRecordedNotifier
from ..permissions import approval_refusal, approvers_of
from ..selectors import pending_review
from .base import DocumentAction, update_control_state


class RecordReviewAction(DocumentAction):
    """The owner records a periodic review that found no change needed; an approver
    confirms it (ConfirmReviewAction) before the next review date moves."""

    action_name = "record-review"
    log_action = "itsms.review_recorded"
    reason_required = "review"

    def permission_refusal(self) -> str | None:
        if self.user.pk != self.document.document_owner_id and not (
            self.user.is_superuser
        ):
            return "Only the document's owner records its review."
        return None

    def state_refusal(self, document: ControlledDocumentPage) -> str | None:
        if document.withdrawn or not document.live:
            return "Only a current document can be reviewed."
        if pending_review(document):
            return "A review of this document is already awaiting an approver."
        return None

    def perform(self, document: ControlledDocumentPage) -> ControlEvent:
        return ControlEvent.objects.create(
            document=document,
            kind=ControlEvent.Kind.REVIEW_RECORDED,
            user=self.user,
            comment=self.reason,
        )

    def log_data(self, document: ControlledDocumentPage) -> dict:
        return {"comment": self.reason}

    def notify(self, document: ControlledDocumentPage) -> None:
        ReviewRecordedNotifier()(
            document,
            user=self.user,
            comment=self.reason,
            approvers=approvers_of(document),
        )


class ConfirmReviewAction(DocumentAction):
    """An approver confirms a "no change needed" review: the next review falls due a
    full interval from today, with no new version."""

    action_name = "confirm-review"
    log_action = "itsms.review_confirmed"

    @cached_property
    def review(self):
        return pending_review(self.document)

    def permission_refusal(self) -> str | None:
        if reason := approval_refusal(self.user, self.document, "confirm a review of"):
            return reason
        if self.review is not None and self.review.user_id == self.user.pk:
            return "Someone other than the reviewer must confirm it."
        return None

    def state_refusal(self, document: ControlledDocumentPage) -> str | None:
        review = self.review if document is self.document else pending_review(document)
        if review is None:
            return f"No review of {document.document_number} awaits confirmation."
        return None

    def perform(self, document: ControlledDocumentPage) -> ControlEvent:
        self.confirmed = pending_review(document)
        self.next_review = add_months(
            timezone.localdate(), document.review_interval_months
        )
        update_control_state(document, next_review_due=self.next_review)
        return ControlEvent.objects.create(
            document=document,
            kind=ControlEvent.Kind.REVIEW_CONFIRMED,
            user=self.user,
            comment=self.reason or "Confirmed.",
            confirms=self.confirmed,
        )

    def log_data(self, document: ControlledDocumentPage) -> dict:
        return {
            "review_id": self.confirmed.pk,
            "next_review_due": self.next_review.isoformat(),
        }
