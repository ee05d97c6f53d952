from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Document approval"

    def ready(self):
        from django.db.models.signals import post_save, pre_save
        from wagtail.models import Revision, TaskState, WorkflowState
        from wagtail.signals import (
            task_submitted,
            workflow_approved,
            workflow_rejected,
            workflow_submitted,
        )

        from . import notifications
        from .models import (
            refuse_to_rewrite_a_bound_revision,
            restart_review_when_a_draft_is_saved,
        )

        pre_save.connect(
            refuse_to_rewrite_a_bound_revision,
            sender=Revision,
            dispatch_uid="itsms_bound_revisions_are_immutable",
        )
        post_save.connect(
            restart_review_when_a_draft_is_saved,
            dispatch_uid="itsms_restart_review_on_new_draft",
        )

        # Our e-mails replace Wagtail's generic ones, which name neither the
        # document number nor its version and go to whole groups.
        for signal, sender, uid in [
            (
                task_submitted,
                TaskState,
                "group_approval_task_submitted_email_notification",
            ),
            (
                workflow_submitted,
                WorkflowState,
                "workflow_state_submitted_email_notification",
            ),
            (
                workflow_rejected,
                WorkflowState,
                "workflow_state_rejected_email_notification",
            ),
            (
                workflow_approved,
                WorkflowState,
                "workflow_state_approved_email_notification",
            ),
        ]:
            signal.disconnect(sender=sender, dispatch_uid=uid)
        task_submitted.connect(
            notifications.task_assigned, dispatch_uid="itsms_task_assigned"
        )
        workflow_approved.connect(
            notifications.workflow_approved, dispatch_uid="itsms_workflow_approved"
        )
        workflow_rejected.connect(
            notifications.workflow_rejected, dispatch_uid="itsms_workflow_rejected"
        )
