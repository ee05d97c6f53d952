"""Restart review: the one path by which sign-offs on a changed draft are voided."""

from django.db import transaction
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from ..authority import latest_revision_id

LOG_ACTION = "itsms.review_restart"


class RestartReviewAction(BaseAction):
    """A document's draft changed while under approval (edited during review or
    approval, by any route, or resubmitted after changes were requested): every
    sign-off given on an earlier revision is void, so the workflow is cancelled and
    started again on the latest revision, on behalf of whoever submitted it
    (docs/invariants.md, 2). Nobody chooses this action: it runs whenever it is
    needed, and does nothing otherwise."""

    action_name = "restart_review"

    def __init__(self, document: Page, user=None, *, latest_revision_id=None):
        super().__init__(document, user=user)
        self.document = document
        # Given by callers holding the saved page; otherwise read from its row.
        self.latest_revision_id = latest_revision_id

    def check(self, skip_permission_checks: bool = False) -> None:
        # Not a permission: a consequence of a change someone was allowed to make.
        return None

    def workflow_state(self) -> WorkflowState | None:
        return WorkflowState.objects.filter(
            base_content_type_id=self.document.get_base_content_type().pk,
            object_id=str(self.document.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).first()

    @staticmethod
    def signed_on_another_revision(state: WorkflowState, latest_id: int) -> bool:
        return (
            state.task_states.filter(
                status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_IN_PROGRESS]
            )
            .exclude(revision_id=latest_id)
            .exists()
        )

    def execute(self, skip_permission_checks: bool = False) -> bool:
        """Restart if some task of the running workflow is bound to an earlier
        revision; return whether it did."""
        state = self.workflow_state()
        if state is None:
            return False
        latest_id = self.latest_revision_id or latest_revision_id(self.document)
        if not self.signed_on_another_revision(state, latest_id):
            return False
        with transaction.atomic():
            page = state.content_object.specific
            workflow, requested_by = state.workflow, state.requested_by or self.user
            state.cancel(user=self.user)
            workflow.start(page, requested_by)
            log(
                instance=page,
                action=LOG_ACTION,
                user=self.user,
                revision=page.latest_revision,
            )
        return True

    @classmethod
    def restarted_for(cls, page: Page) -> bool:
        """Whether review was restarted for the page's latest revision: how the
        editor learns that the save it just made voided the sign-offs."""
        return PageLogEntry.objects.filter(
            page=page, action=LOG_ACTION, revision_id=page.latest_revision_id
        ).exists()
