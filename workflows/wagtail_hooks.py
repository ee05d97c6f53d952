from django.contrib import messages
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.models import WorkflowState


@hooks.register("register_log_actions")
def register_issue_log_actions(actions):
    @actions.register_action("itsms.issue")
    class IssueApproved(LogFormatter):
        label = "Issue approved"

        def format_message(self, log_entry):
            data = log_entry.data
            return (
                f"Issued version {data['label']} ({data['significance']}), effective "
                f"{data['effective_from']}: {data['change_summary']}"
            )


@hooks.register("after_edit_page")
def restart_review_when_the_draft_changes(request, page):
    """A draft edited during approval (reviewers and approvers may edit it) voids the
    sign-offs given so far: the workflow starts again from review on the new
    revision (design.md invariant 2)."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    task_state = state.current_task_state
    if task_state and task_state.revision_id != page.get_latest_revision().pk:
        workflow = state.workflow
        state.cancel(user=request.user)
        workflow.start(page, request.user)
        messages.warning(
            request,
            "The draft changed during approval: the sign-offs given so far are void "
            "and review starts again.",
        )
