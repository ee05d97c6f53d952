from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Controlled documents"

    def ready(self):
        # Imported once the apps are loaded: the policy reads Wagtail's models.
        from wagtail.documents import get_document_model
        from wagtail.permissions import register_permission_policy

        from .permissions import ControlledFilePermissionPolicy

        # Replaces the policy that wagtail.documents registered in its own ready().
        register_permission_policy(
            get_document_model(), ControlledFilePermissionPolicy()
        )
