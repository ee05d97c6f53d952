"""WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail imports it while defining its own models,
so everything else is imported when it runs."""


def issue_workflow_state(workflow_state, user=None):
    """The last approval of the workflow issues the revision the tasks were bound to,
    inside Wagtail's own finishing transaction."""
    from django.core.exceptions import PermissionDenied
    from wagtail.models import TaskState

    from .issues import issue_revision
    from .models import Significance, SignOff

    revision = workflow_state.current_task_state.revision
    # Every task of the workflow must have been approved on this very revision.
    approved_tasks = set(
        workflow_state.task_states.filter(
            status=TaskState.STATUS_APPROVED, revision=revision
        ).values_list("task_id", flat=True)
    )
    required_tasks = set(
        workflow_state.workflow.tasks.filter(active=True).values_list("pk", flat=True)
    )
    if not required_tasks <= approved_tasks:
        raise PermissionDenied(
            "Not every step of the workflow approved this revision: not issued."
        )
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
