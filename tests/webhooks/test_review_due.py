"""announce_reviews_due: document.review_due once per document and review date."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from policies.models import PolicyPage
from tests.factories import make_document
from webhooks.models import Webhook, WebhookDelivery

from .conftest import run_deliveries

pytestmark = pytest.mark.django_db


def announce():
    out = StringIO()
    call_command("announce_reviews_due", stdout=out)
    return out.getvalue()


def test_review_due_is_announced_once_per_document_and_date(
    library, owner, receiver, django_capture_on_commit_callbacks
):
    due = make_document(
        PolicyPage,
        library,
        owner=owner,
        next_review_due=date.today() + timedelta(days=10),
    )
    make_document(PolicyPage, library, owner=owner)  # reviewed in a year: not due
    Webhook.objects.create(
        name="Reviews", url=receiver.url, events=["document.review_due"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert "Announced 1 document(s)" in announce()
    with django_capture_on_commit_callbacks(execute=True):
        assert "Announced 0 document(s)" in announce()
    run_deliveries()

    (request,) = receiver.requests
    event = request.json
    assert request.headers["X-ITSMS-Event"] == "document.review_due"
    assert event["type"] == "document.review_due"
    assert event["document"]["number"] == due.document_number
    assert event["document"]["next_review_due"] == due.next_review_due.isoformat()
    assert WebhookDelivery.objects.get().status == "delivered"


def test_a_new_review_date_is_announced_again(
    library, owner, webhook, receiver, django_capture_on_commit_callbacks
):
    due = make_document(
        PolicyPage,
        library,
        owner=owner,
        next_review_due=date.today() + timedelta(days=10),
    )
    WebhookDelivery.objects.all().delete()  # its issue's event
    with django_capture_on_commit_callbacks(execute=True):
        announce()
    # Reviewed, no change needed: approved later with a new review date that is
    # still within the window (the confirmation itself is workflows' business).
    PolicyPage.objects.filter(pk=due.pk).update(
        next_review_due=date.today() + timedelta(days=20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert "Announced 1 document(s)" in announce()
    run_deliveries()
    assert [r.json["document"]["next_review_due"] for r in receiver.requests] == [
        (date.today() + timedelta(days=10)).isoformat(),
        (date.today() + timedelta(days=20)).isoformat(),
    ]
