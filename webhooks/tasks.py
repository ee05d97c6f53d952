"""The background task that delivers a webhook event (django-tasks; the database
backend "webhooks", run by `manage.py db_worker --backend webhooks`)."""

from django.utils import timezone
from django_tasks import task

from .delivery import attempt
from .models import WebhookDelivery


@task(backend="webhooks")
def deliver(delivery_pk: int) -> str:
    """One attempt at a pending delivery; when it fails and attempts remain, the
    next one is queued to run after the back-off. Failures are the delivery's
    outcome, recorded on it, not the task's: the task itself succeeds."""
    delivery = (
        WebhookDelivery.objects.select_related("webhook")
        .filter(pk=delivery_pk, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return "nothing to deliver"  # delivered or given up meanwhile
    if not delivery.webhook.active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.FAILED,
            last_error="Not sent: the webhook was deactivated.",
            next_attempt_at=None,
        )
        return "webhook inactive"
    attempt(delivery)
    if delivery.status == WebhookDelivery.Status.PENDING:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return f"{delivery.status} after {delivery.attempts} attempt(s)"


def retry_now(delivery: WebhookDelivery) -> bool:
    """Queue one more attempt of a failed delivery, at once. Only the request that
    turns it from failed to pending queues it: two clicks make one attempt."""
    turned = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.Status.FAILED
    ).update(status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now())
    if turned:
        deliver.enqueue(delivery.pk)
    return bool(turned)
