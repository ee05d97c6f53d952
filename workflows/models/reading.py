"""Read and acknowledge: who must read which issue, and who did."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .append_only import AppendOnly


class ReadingRequest(models.Model):
    """That a person must read an issue, by a date: created in bulk when the issue
    comes into force, for its audience (workflows.actions.reading)."""

    issue = models.ForeignKey(
        "workflows.DocumentIssue", on_delete=models.PROTECT, related_name="reading"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "user"], name="one_reading_request_per_issue"
            )
        ]
        indexes = [models.Index(fields=["user", "due_on"])]

    def __str__(self):
        return f"{self.user_id} to read {self.issue_id} by {self.due_on}"


class Acknowledgement(AppendOnly):
    """ "I have read and understood issue X.Y": the person, the time, the label and
    the content hash of what they read. Append-only (docs/invariants.md, 10)."""

    record_name = "An acknowledgement"

    issue = models.ForeignKey(
        "workflows.DocumentIssue",
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    label = models.CharField(max_length=16)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "user"], name="one_acknowledgement_per_issue"
            )
        ]

    def __str__(self):
        return f"{self.user_id} acknowledged {self.issue_id} {self.label}"


class ReadingReminder(models.Model):
    """That a person was sent their overdue reading (or an owner their overdue
    readers) on a day: at most one digest a day each."""

    class Kind(models.TextChoices):
        READER = "reader", "Overdue reading"
        OWNER = "owner", "Overdue readers"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "sent_on"], name="one_reading_digest_a_day"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.user_id} on {self.sent_on}"
