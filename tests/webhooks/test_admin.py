"""The admin's webhook pages and delivery log: superusers only."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.workflows.helpers import client_for
from webhooks.models import Webhook, WebhookDelivery
from workflows.actions.withdrawal import WithdrawDocumentAction

from .conftest import run_deliveries

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "name": "Service desk",
        "url": "https://desk.example.com/hooks/itsms",
        "events": ["document.issued", "document.withdrawn"],
        "active": "on",
    }
    data.update(overrides)
    return data


def test_superuser_registers_a_webhook_and_sees_its_secret(admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("webhooks:add")).status_code == 200
    response = client.post(reverse("webhooks:add"), form(secret="chosen"))
    assert response.status_code == 302

    webhook = Webhook.objects.get()
    assert webhook.events == ["document.issued", "document.withdrawn"]
    assert webhook.created_by == admin_user
    assert not webhook.include_confidential
    assert len(webhook.secret) >= 43 and webhook.secret != "chosen"
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(webhook.pk), user=admin_user
    ).exists()

    edit = client.get(reverse("webhooks:edit", args=(webhook.pk,)))
    assert edit.status_code == 200
    assert webhook.secret in edit.content.decode()
    # The secret is shown, never taken from the form.
    client.post(
        reverse("webhooks:edit", args=(webhook.pk,)),
        form(name="Desk", secret="chosen", active=""),
    )
    webhook.refresh_from_db()
    assert webhook.name == "Desk" and not webhook.active
    assert webhook.secret != "chosen"
    assert ModelLogEntry.objects.filter(
        action="wagtail.edit", object_id=str(webhook.pk)
    ).exists()
    listing = client.get(reverse("webhooks:index")).content.decode()
    assert "Desk" in listing and "https://desk.example.com/hooks/itsms" in listing


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://desk.example.com/hook", "Use an http:// or https:// address."),
        ("file:///etc/passwd", "Use an http:// or https:// address."),
        (
            "https://user:pw@desk.example.com/hook",
            "Leave the user name and password out of the address",
        ),
        ("not a url", "Use an http:// or https:// address."),
        ("https://desk example.com/hook", "Enter a valid URL."),
    ],
)
def test_a_bad_url_is_refused_with_a_clear_message(admin_user, url, message):
    response = client_for(admin_user).post(reverse("webhooks:add"), form(url=url))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Webhook.objects.exists()


def test_no_events_is_refused(admin_user):
    response = client_for(admin_user).post(reverse("webhooks:add"), form(events=[]))
    assert "Choose at least one event to send." in response.content.decode()


def test_an_approver_may_not_see_or_register_webhooks(approver, webhook):
    client = client_for(approver)
    urls = [
        reverse("webhooks:index"),
        reverse("webhooks:add"),
        reverse("webhooks:edit", args=(webhook.pk,)),
        reverse("webhook_deliveries:index"),
    ]
    for url in urls:
        response = client.get(url)
        # Wagtail's refusal: back to the dashboard, saying why.
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home"), url
    response = client.post(reverse("webhooks:add"), form())
    assert response.status_code == 302
    assert Webhook.objects.count() == 1
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("webhooks:index") not in home


def test_delivery_log_lists_and_shows_a_delivery_and_retries_a_failed_one(
    issued_policy,
    webhook,
    receiver,
    approver,
    admin_user,
    django_capture_on_commit_callbacks,
):
    receiver.statuses = [500] * 6
    with django_capture_on_commit_callbacks(execute=True):
        WithdrawDocumentAction(issued_policy, user=approver, reason="Old.").execute()
    run_deliveries(whatever_the_time=True)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"

    client = client_for(admin_user)
    listing = client.get(reverse("webhook_deliveries:index"))
    assert listing.status_code == 200
    assert "POL-001" in listing.content.decode()
    filtered = client.get(
        reverse("webhook_deliveries:index"), {"status": "delivered"}
    ).content.decode()
    assert "POL-001" not in filtered

    inspect_url = reverse("webhook_deliveries:inspect", args=(delivery.pk,))
    detail = client.get(inspect_url)
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "&quot;document.withdrawn&quot;" in html  # the payload
    assert "HTTP 500" in html and "Retry now" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("webhook_deliveries:retry", args=(delivery.pk,)))
    assert response.status_code == 302
    run_deliveries()
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert delivery.attempts == 7
    assert "Retry now" not in client.get(inspect_url).content.decode()

    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    refused = client_for(approver).get(inspect_url)
    assert refused.status_code == 302
    refused = client_for(approver).post(
        reverse("webhook_deliveries:retry", args=(delivery.pk,))
    )
    assert refused.status_code in {302, 403}
    delivery.refresh_from_db()
    assert delivery.status == "failed"  # not queued again
