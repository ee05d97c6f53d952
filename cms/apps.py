from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self):
        # Imported once the apps are loaded: the policy reads django-axes' model.
        from axes.models import AccessAttempt
        from django.contrib.auth.signals import user_logged_in
        from wagtail.permissions import register_permission_policy

        from .middleware import stamp_the_new_session
        from .wagtail_hooks import UnlockOnlyPolicy

        register_permission_policy(AccessAttempt, UnlockOnlyPolicy(AccessAttempt))
        user_logged_in.connect(stamp_the_new_session, dispatch_uid="itsms_session")
