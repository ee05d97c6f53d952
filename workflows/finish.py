"""WAGTAIL_FINISH_WORKFLOW_ACTION: what the last approval of a workflow does.

Wagtail reads the setting while defining its own models (WorkflowState.on_finish),
before any app is ready, so this module imports nothing of ours at load time; what
it calls is imported when it runs (docs/decisions/0006-issuing-on-finish.md)."""


def finish_workflow(workflow_state, user=None):
    """A controlled document is issued (IssueRevisionAction, inside Wagtail's own
    finishing transaction); anything else is published as Wagtail would."""
    from wagtail.workflows import publish_workflow_state

    from .actions.issue import IssueRevisionAction
    from .notifications import is_controlled_document

    if is_controlled_document(workflow_state):
        IssueRevisionAction.for_workflow_state(workflow_state, user).execute()
    else:
        publish_workflow_state(workflow_state, user)
