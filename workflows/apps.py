from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Document approval"

    def ready(self):
        # Imported once the apps are loaded: both read the models.
        from wagtail.documents import get_document_model
        from wagtail.permissions import register_permission_policy

        from . import signal_handlers
        from .file_permissions import ControlledFilePermissionPolicy

        signal_handlers.register()
        # Replaces the policy that wagtail.documents registered in its own ready().
        register_permission_policy(
            get_document_model(), ControlledFilePermissionPolicy()
        )
