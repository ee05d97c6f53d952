"""Files in use by controlled documents are part of approved content."""

from wagtail.documents import get_document_model_string
from wagtail.models import ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

IN_PLACE_ACTIONS = {"change", "delete"}


class ControlledFilePermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's document policy, except that a file a page uses cannot be replaced
    or deleted in place (only a superuser may): that would change what an approved
    document says without approval. Upload a new file and change the document
    instead, which goes through approval."""

    def __init__(self):
        # As wagtail.documents.get_permission_policy() builds its own.
        super().__init__(
            get_document_model_string(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if (
            not user.is_superuser
            and actions & IN_PLACE_ACTIONS
            and ReferenceIndex.get_references_to(instance).exists()
        ):
            actions -= IN_PLACE_ACTIONS
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)
