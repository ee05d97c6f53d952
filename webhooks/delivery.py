"""One attempt to deliver: POST the signed event, record how it went, and say
when to try again."""

import json
from datetime import timedelta

import requests
from django.utils import timezone

from .models import WebhookDelivery
from .signing import SIGNATURE_HEADER, signature_header

TIMEOUT_SECONDS = 10
USER_AGENT = "itsms-library-webhooks/1"
# The wait before each retry: after the first failed attempt, the second ... A
# receiver that is down for most of a day still gets the event; after the sixth
# failed attempt the delivery is failed and waits for "Retry now".
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
ERROR_LENGTH = 1000


def body_of(delivery: WebhookDelivery) -> bytes:
    """The bytes sent, and signed: the same on every attempt."""
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


def headers_for(delivery: WebhookDelivery, body: bytes) -> dict:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-ITSMS-Event": delivery.event_type,
        "X-ITSMS-Delivery": str(delivery.delivery_id),
        # Signed afresh on each attempt: a retry carries a current timestamp.
        SIGNATURE_HEADER: signature_header(delivery.webhook.secret, body),
    }


def attempt(delivery: WebhookDelivery) -> WebhookDelivery:
    """POST `delivery` once and record the outcome on it: delivered on a 2xx
    answer; otherwise pending with the time of the next attempt, or failed when
    that was the last one. Redirects are not followed: a receiver that moved
    answers 3xx, which is a failure the administrator sees in the log."""
    body = body_of(delivery)
    status_code, error = None, ""
    try:
        response = requests.post(
            delivery.webhook.url,
            data=body,
            headers=headers_for(delivery, body),
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}: {response.text[:200]}"
    except requests.RequestException as exception:
        error = f"{type(exception).__name__}: {exception}"
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = status_code
    delivery.last_error = error[:ERROR_LENGTH]
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery
