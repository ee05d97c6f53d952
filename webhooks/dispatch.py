"""Announcing an event: one delivery per webhook that wants it, written in the
caller's transaction, handed to the background task once that commits."""

import uuid
from functools import partial

from django.db import transaction
from django.utils import timezone

from policies.models import ControlledDocumentPage

from .events import payload
from .models import Webhook, WebhookDelivery
from .tasks import deliver


def announce(
    event_type: str, document: ControlledDocumentPage, **details
) -> list[WebhookDelivery]:
    """Record `event_type` about `document` for every active webhook that wants it
    and queue the deliveries once the current transaction commits: if it rolls
    back, the change did not happen and nothing is sent."""
    webhooks = [
        webhook
        for webhook in Webhook.objects.filter(active=True)
        if webhook.wants(event_type, document)
    ]
    if not webhooks:
        return []
    now = timezone.now()
    body = payload(
        event_type, document, event_id=uuid.uuid4(), created_at=now, **details
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook=webhook,
            event_id=body["id"],
            event_type=event_type,
            document_number=document.document_number,
            payload=body,
            next_attempt_at=now,
            created_at=now,
        )
        for webhook in webhooks
    )
    # bulk_create returns primary keys on SQLite and PostgreSQL alike.
    for delivery in deliveries:
        transaction.on_commit(partial(deliver.enqueue, delivery.pk))
    return deliveries
