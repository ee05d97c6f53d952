"""The files of controlled documents are part of approved content."""

from wagtail.documents import get_document_model_string
from wagtail.models import ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .seals import is_sealed

IN_PLACE_ACTIONS = {"change", "delete"}


class ControlledFilePermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's document policy, except that a file cannot be edited or deleted in
    place once it is sealed (carried by a submitted or issued revision): by nobody,
    superusers included. A file that a page uses but that is not sealed yet (a
    draft's) is closed to everyone but superusers. Replacing a file means uploading a
    new one and changing the document, which goes through approval."""

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
        if actions & IN_PLACE_ACTIONS and (
            is_sealed(instance)
            or (
                not user.is_superuser
                and ReferenceIndex.get_references_to(instance).exists()
            )
        ):
            actions -= IN_PLACE_ACTIONS
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)
