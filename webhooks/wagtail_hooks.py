from wagtail import hooks

from .actions import LOG_ACTION as RETRY_LOG_ACTION
from .views import DeliveryViewSet, WebhookViewSet


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhookViewSet("webhooks")


@hooks.register("register_admin_viewset")
def register_webhook_deliveries():
    return DeliveryViewSet("webhook_deliveries")


@hooks.register("register_log_actions")
def register_webhook_log_actions(actions):
    actions.register_action(
        RETRY_LOG_ACTION, "Webhook delivery retried", "Webhook delivery retried"
    )
