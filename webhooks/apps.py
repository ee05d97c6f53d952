from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the apps are loaded: both read the models.
        from wagtail.permissions import register_permission_policy

        from . import signal_handlers
        from .models import Webhook, WebhookDelivery
        from .permissions import SuperuserOnlyPolicy

        signal_handlers.register()
        # Superusers only, whatever a group is given: a webhook sends document
        # metadata outside the library, past the access rules.
        register_permission_policy(Webhook, SuperuserOnlyPolicy(Webhook))
        register_permission_policy(
            WebhookDelivery,
            SuperuserOnlyPolicy(WebhookDelivery, actions={"view"}),
        )
