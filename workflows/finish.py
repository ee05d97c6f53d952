"""WAGTAIL_FINISH_WORKFLOW_ACTION: what the last approval of a workflow does.

Wagtail reads the setting while defining its own models (WorkflowState.on_finish),
before any app is ready, so this module imports nothing of ours at load time; what
it calls is imported when it runs (docs/decisions/0006-issuing-on-finish.md)."""


def finish_workflow(workflow_state, user=None):
    """A controlled document is issued (IssueRevisionAction, inside Wagtail's own
    finishing transaction); anything else under the library (a section) is published
    as Wagtail would publish it. Either way the workflow's approval is the
    permission: approvers hold no publish permission of their own."""
    from .actions.issue import IssueRevisionAction
    from .notifications import is_controlled_document

    if is_controlled_document(workflow_state):
        IssueRevisionAction.for_workflow_state(workflow_state, user).execute()
    else:
        workflow_state.content_object.get_latest_revision().publish(
            user=user, skip_permission_checks=True
        )
