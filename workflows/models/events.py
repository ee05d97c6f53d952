"""Controlled actions outside approval, and the reminders sent about reviews."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ControlEvent(models.Model):
    """A controlled action on a document outside approval: withdrawal, reinstatement,
    and periodic reviews that found no change needed. Kept for the history."""

    class Kind(models.TextChoices):
        WITHDRAWN = "withdrawn", "Withdrawn"
        REINSTATED = "reinstated", "Reinstated"
        REVIEW_RECORDED = "review_recorded", "Reviewed, no change needed"
        REVIEW_CONFIRMED = "review_confirmed", "Review confirmed"

    document = models.ForeignKey(
        "policies.ControlledDocumentPage",
        on_delete=models.PROTECT,
        related_name="control_events",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField()
    # For a review confirmation: the review record it confirms.
    confirms = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmation",
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_id} {self.at:%Y-%m-%d}"


class ReviewReminder(models.Model):
    """That an owner was reminded of reviews due on a day: at most one a day."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "sent_on"], name="one_review_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"{self.owner_id} {self.sent_on}"
