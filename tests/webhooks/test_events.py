"""Issuing, withdrawing and reinstating a document each POST one signed event to
the webhooks that want it, once the change commits."""

import json
import time

import pytest
from django.conf import settings
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from policies.models import PolicyPage
from tests.factories import make_document
from webhooks.models import EventType, Webhook, WebhookDelivery
from webhooks.signing import verify
from workflows.actions.withdrawal import (
    ReinstateDocumentAction,
    WithdrawDocumentAction,
)

from .conftest import run_deliveries

pytestmark = pytest.mark.django_db


def withdraw(document, user, reason="Replaced by the new access standard."):
    WithdrawDocumentAction(document, user=user, reason=reason).execute()


def test_issue_withdraw_reinstate_each_post_one_event(
    issued_policy, webhook, receiver, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(issued_policy, approver)
    with django_capture_on_commit_callbacks(execute=True):
        ReinstateDocumentAction(
            issued_policy, user=approver, reason="Still needed."
        ).execute()
    run_deliveries()

    assert [r.headers["X-ITSMS-Event"] for r in receiver.requests] == [
        "document.withdrawn",
        "document.reinstated",
    ]
    withdrawn, reinstated = (r.json for r in receiver.requests)
    assert withdrawn["type"] == "document.withdrawn"
    assert withdrawn["reason"] == "Replaced by the new access standard."
    assert withdrawn["by"] == "approver"
    assert withdrawn["document"]["status"] == "withdrawn"
    assert reinstated["reason"] == "Still needed."
    assert reinstated["document"]["status"] == "current"
    assert reinstated["document"]["version"] == "1.0"
    assert withdrawn["id"] != reinstated["id"]


def test_issued_event_carries_the_issue_and_the_document_not_its_body(
    webhook, receiver, library, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        policy = make_document(
            PolicyPage, library, owner=owner, title="Access policy", purpose="Secret"
        )
    run_deliveries()

    (request,) = receiver.requests
    event = request.json
    assert request.headers["X-ITSMS-Event"] == "document.issued"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "itsms-library-webhooks/1"
    delivery = WebhookDelivery.objects.get()
    assert request.headers["X-ITSMS-Delivery"] == str(delivery.delivery_id)
    assert event["id"] == str(delivery.event_id)
    number = policy.document_number
    assert event["document"] == {
        "number": number,
        "title": "Access policy",
        "type": "policy",
        "version": "1.0",
        "status": "current",
        "effective_date": policy.effective_date.isoformat(),
        "next_review_due": policy.next_review_due.isoformat(),
        "permalink": f"http://testserver/documents/{number}/",
        "api_url": f"http://testserver/api/v1/documents/{number}/",
    }
    assert event["label"] == "1.0"
    assert event["significance"] == "major"
    assert event["change_summary"] == "First issue."
    assert event["content_hash"] == policy.issues.get().content_hash
    assert "Secret" not in request.body.decode()  # the purpose, part of the body
    assert set(event) == {
        "id",
        "type",
        "created_at",
        "document",
        "label",
        "significance",
        "change_summary",
        "content_hash",
    }


def test_signature_verifies_with_the_secret_and_not_with_another(
    issued_policy, webhook, receiver, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(issued_policy, approver)
    run_deliveries()

    (request,) = receiver.requests
    header = request.headers["X-ITSMS-Signature"]
    timestamp = int(header.split(",")[0].removeprefix("t="))
    assert abs(time.time() - timestamp) < 60
    assert verify(webhook.secret, header, request.body)
    assert not verify("another-secret", header, request.body)
    assert not verify(webhook.secret, header, request.body + b" ")
    # A request replayed after five minutes is refused.
    assert not verify(webhook.secret, header, request.body, now=timestamp + 301)


def test_a_rolled_back_change_sends_nothing(
    issued_policy, webhook, receiver, approver, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        withdraw(issued_policy, approver)
        raise RuntimeError("something later in the same transaction failed")
    assert callbacks == []
    assert not WebhookDelivery.objects.exists()
    assert not DBTaskResult.objects.filter(backend_name="webhooks").exists()
    assert run_deliveries() == 0
    assert receiver.requests == []


def test_every_webhook_that_wants_the_event_gets_it_with_its_own_signature(
    issued_policy, webhook, receiver, approver, django_capture_on_commit_callbacks
):
    second = Webhook.objects.create(
        name="CMDB", url=receiver.url + "/cmdb", events=["document.withdrawn"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(issued_policy, approver)
    run_deliveries()

    assert (
        sorted(r.json["id"] for r in receiver.requests)
        == [str(WebhookDelivery.objects.first().event_id)] * 2
    )
    secrets = {webhook.secret, second.secret}
    for request in receiver.requests:
        header = request.headers["X-ITSMS-Signature"]
        assert sum(verify(s, header, request.body) for s in secrets) == 1


def test_inactive_webhook_or_unwanted_event_gets_nothing(
    receiver, issued_policy, approver, django_capture_on_commit_callbacks
):
    Webhook.objects.create(
        name="Off", url=receiver.url, events=["document.withdrawn"], active=False
    )
    Webhook.objects.create(
        name="Issues only", url=receiver.url, events=["document.issued"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(issued_policy, approver)
    run_deliveries()
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_deactivated_before_delivery_sends_nothing(
    issued_policy, webhook, receiver, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(issued_policy, approver)
    Webhook.objects.filter(pk=webhook.pk).update(active=False)
    run_deliveries()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "deactivated" in delivery.last_error


def test_confidential_documents_only_to_webhooks_that_include_them(
    receiver, library, owner, django_capture_on_commit_callbacks
):
    Webhook.objects.create(
        name="Default", url=receiver.url + "/a", events=["document.issued"]
    )
    Webhook.objects.create(
        name="Trusted",
        url=receiver.url + "/b",
        events=["document.issued"],
        include_confidential=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_document(PolicyPage, library, owner=owner, classification="confidential")
    run_deliveries()
    (request,) = receiver.requests
    delivery = WebhookDelivery.objects.get()
    assert delivery.webhook.name == "Trusted"
    assert json.loads(request.body)["type"] == EventType.ISSUED


def test_the_readme_verification_example_accepts_a_real_delivery(
    issued_policy, webhook, receiver, approver, django_capture_on_commit_callbacks
):
    readme = (settings.BASE_DIR / "README.md").read_text()
    section = readme.split("## Webhooks", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert len(code.strip().splitlines()) <= 12
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own documentation
    readme_verify = namespace["verify"]

    with django_capture_on_commit_callbacks(execute=True):
        withdraw(issued_policy, approver)
    run_deliveries()
    (request,) = receiver.requests
    header = request.headers["X-ITSMS-Signature"]
    assert readme_verify(webhook.secret, header, request.body)
    assert not readme_verify("wrong", header, request.body)
