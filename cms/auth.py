"""Authentication that loads what every page needs of the signed-in person."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ProfileModelBackend(ModelBackend):
    """Django's model backend, reading the user's Wagtail profile in the same query:
    every time shown on the site is in the zone the person chose there
    (policies.dates.viewer_time_zone), and asking must not cost a query per page."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("wagtail_userprofile")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
