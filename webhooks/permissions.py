"""Who manages webhooks: superusers, and nobody else whatever their groups hold."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy


class SuperuserOnlyPolicy(BasePermissionPolicy):
    """Active superusers may take `actions`; everyone else nothing.

    Webhooks send document metadata to receivers the access rules cannot check,
    so this is not a permission a group can be given by mistake. Deletion is never
    among the actions: a webhook is deactivated, and its delivery log stays."""

    def __init__(self, model, actions=("add", "change", "view")):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser and action in self.actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if set(actions) & self.actions else users.none()
