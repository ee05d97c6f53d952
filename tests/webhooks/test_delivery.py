"""A failed delivery is tried again after a back-off, through the task queue, and
given up after the last attempt; an administrator can retry it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from webhooks.delivery import MAX_ATTEMPTS
from webhooks.models import WebhookDelivery
from workflows.actions.withdrawal import WithdrawDocumentAction

from .conftest import run_deliveries

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(issued_policy, webhook, approver, django_capture_on_commit_callbacks):
    """POL-001 withdrawn once the webhook exists: one delivery queued."""
    with django_capture_on_commit_callbacks(execute=True):
        WithdrawDocumentAction(issued_policy, user=approver, reason="Old.").execute()
    return WebhookDelivery.objects.get()


def test_a_500_is_retried_after_a_minute_then_delivered(withdrawn, receiver):
    receiver.statuses = [500]
    assert run_deliveries() == 1

    withdrawn.refresh_from_db()
    assert withdrawn.status == "pending"
    assert withdrawn.attempts == 1
    assert withdrawn.last_status_code == 500
    assert withdrawn.last_error.startswith("HTTP 500")
    # The retry waits in the queue for its back-off: not run before it is due.
    retry = DBTaskResult.objects.get(backend_name="webhooks", status="READY")
    assert retry.run_after == withdrawn.next_attempt_at
    assert (
        timedelta(seconds=50)
        < withdrawn.next_attempt_at - timezone.now()
        < timedelta(seconds=61)
    )
    assert run_deliveries() == 0

    assert run_deliveries(whatever_the_time=True) == 1
    withdrawn.refresh_from_db()
    assert withdrawn.status == "delivered"
    assert withdrawn.attempts == 2
    assert withdrawn.last_status_code == 200
    assert withdrawn.last_error == ""
    assert withdrawn.delivered_at is not None
    first, second = receiver.requests
    # Both attempts are the same delivery with the same bytes.
    assert first.body == second.body
    assert first.headers["X-ITSMS-Delivery"] == second.headers["X-ITSMS-Delivery"]


def test_gives_up_after_the_last_attempt(withdrawn, receiver):
    receiver.statuses = [503] * 10
    run_deliveries(whatever_the_time=True)

    withdrawn.refresh_from_db()
    assert len(receiver.requests) == MAX_ATTEMPTS == 6
    assert withdrawn.status == "failed"
    assert withdrawn.attempts == 6
    assert withdrawn.next_attempt_at is None
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_back_off_grows_between_attempts(withdrawn, receiver):
    receiver.statuses = [500] * 5
    waits = []
    for _ in range(5):
        before = timezone.now()
        assert run_deliveries(whatever_the_time=True, limit=1) == 1
        withdrawn.refresh_from_db()
        waits.append(round((withdrawn.next_attempt_at - before).total_seconds() / 60))
    assert waits == [1, 5, 30, 120, 720]


def test_an_unreachable_receiver_is_a_failed_attempt(withdrawn, receiver):
    withdrawn.webhook.url = "http://127.0.0.1:9/nothing-listens-here"
    withdrawn.webhook.save()
    run_deliveries()
    withdrawn.refresh_from_db()
    assert withdrawn.status == "pending"
    assert withdrawn.last_status_code is None
    assert "ConnectionError" in withdrawn.last_error


def test_a_redirect_is_not_followed(withdrawn, receiver):
    receiver.statuses = [302]
    run_deliveries()
    withdrawn.refresh_from_db()
    assert len(receiver.requests) == 1
    assert withdrawn.status == "pending"
    assert withdrawn.last_status_code == 302
