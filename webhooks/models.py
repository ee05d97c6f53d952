"""Registered receivers of document events, and every delivery made to them."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from policies.fields import Classification
from policies.models import ControlledDocumentPage

from .validators import validate_webhook_url


class EventType(models.TextChoices):
    ISSUED = "document.issued", "Document issued"
    WITHDRAWN = "document.withdrawn", "Document withdrawn"
    REINSTATED = "document.reinstated", "Document reinstated"
    REVIEW_DUE = "document.review_due", "Document due for review"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """A URL that receives a signed JSON event for each event type it wants."""

    name = models.CharField(max_length=100)
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[validate_webhook_url],
        help_text="Where events are POSTed: an http:// or https:// address, "
        "without a user name or password.",
    )
    # Made here, never typed in: the receiver verifies each request's signature
    # with it (see the README, "Webhooks").
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    events = models.JSONField(
        default=list,
        help_text="The events this receiver is sent.",
    )
    active = models.BooleanField(
        default=True, help_text="An inactive webhook is sent nothing."
    )
    include_confidential = models.BooleanField(
        "include confidential documents",
        default=False,
        help_text="Send events about confidential documents too. The receiver is "
        "not a person the library's access rules can check: whoever reads what it "
        "receives learns the number, title and dates of confidential documents.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def wants(self, event_type: str, document: ControlledDocumentPage) -> bool:
        if not self.active or event_type not in self.events:
            return False
        return self.include_confidential or not is_confidential(document)

    @property
    def events_label(self) -> str:
        labels = dict(EventType.choices)
        return ", ".join(labels.get(event, event) for event in self.events) or "None"


def is_confidential(document: ControlledDocumentPage) -> bool:
    return document.classification == Classification.CONFIDENTIAL


class WebhookDelivery(models.Model):
    """One event for one webhook, and how its delivery went. Written in the same
    transaction as the change it reports (so it exists exactly when the change
    does); the background task POSTs it and records each attempt here."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(
        Webhook, on_delete=models.PROTECT, related_name="deliveries"
    )
    # Shared by every webhook's delivery of one event: the payload's "id".
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    # This delivery's own id: the X-ITSMS-Delivery header, the same on every retry.
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    document_number = models.CharField(max_length=20, blank=True)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return (
            f"{self.get_event_type_display()} {self.document_number} to {self.webhook}"
        )


class ReviewDueAnnouncement(models.Model):
    """That `document.review_due` was announced for a document and its review
    date: announce_reviews_due sends it once, however often it runs."""

    document = models.ForeignKey(
        ControlledDocumentPage, on_delete=models.CASCADE, related_name="+"
    )
    next_review_due = models.DateField()
    announced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "next_review_due"],
                name="webhooks_review_due_once_per_date",
            )
        ]

    def __str__(self):
        return f"Review due {self.next_review_due} announced"
