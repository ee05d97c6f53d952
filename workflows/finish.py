"""WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail imports it while defining its own models,
so everything else is imported when it runs."""


def issue_workflow_state(workflow_state, user=None):
    """The last approval of the workflow issues the revision the tasks were bound to,
    inside Wagtail's own finishing transaction."""
    from .issues import issue_revision
    from .models import Significance, SignOff

    revision = workflow_state.current_task_state.revision
    sign_offs = SignOff.objects.filter(
        task_state__workflow_state=workflow_state, task_state__revision=revision
    ).select_related("user")
    issue_revision(
        revision,
        user=user,
        significance=revision.content.get("significance") or Significance.MINOR,
        change_summary=revision.content.get("change_summary", ""),
        sign_offs=[sign_off.as_record() for sign_off in sign_offs],
    )
