"""Controlled copies: numbered copies of an issue, issued to a named holder or to a
location with a responsible person, and the append-only confirmations that a copy
was exchanged for a newer issue."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .append_only import AppendOnly


class ControlledCopy(models.Model):
    """Copy `number` of a document (unique per document), of `issue`, held by
    `holder` or kept at `location` under `responsible`. When a newer issue comes
    into force, `replace_since` says since when the copy is to be exchanged;
    confirming the exchange moves the copy to the issue in force."""

    document = models.ForeignKey(
        "policies.ControlledDocumentPage",
        on_delete=models.PROTECT,
        related_name="controlled_copies",
    )
    issue = models.ForeignKey(
        "workflows.DocumentIssue", on_delete=models.PROTECT, related_name="copies"
    )
    number = models.PositiveIntegerField()
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    location = models.CharField(max_length=200, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    replace_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="one_copy_number_per_document"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(holder__isnull=False, responsible__isnull=True)
                    | models.Q(holder__isnull=True, responsible__isnull=False)
                ),
                name="copy_has_holder_or_responsible",
            ),
        ]

    def __str__(self):
        return f"Copy {self.number} of document {self.document_id}"

    @property
    def keeper_id(self):
        """The person who answers for the copy: its holder or its responsible."""
        return self.holder_id or self.responsible_id

    @property
    def issued_to(self) -> str:
        if self.holder_id:
            return self.holder.get_full_name() or self.holder.get_username()
        person = self.responsible
        name = person.get_full_name() or person.get_username()
        return f"{self.location} (responsible: {name})"


class ControlledCopyExchange(AppendOnly):
    """ "I have replaced copy N with version X.Y and destroyed the old one": who,
    when, from which issue to which. Append-only (docs/invariants.md, 10)."""

    record_name = "A copy exchange"

    copy = models.ForeignKey(
        ControlledCopy, on_delete=models.PROTECT, related_name="exchanges"
    )
    old_issue = models.ForeignKey(
        "workflows.DocumentIssue", on_delete=models.PROTECT, related_name="+"
    )
    new_issue = models.ForeignKey(
        "workflows.DocumentIssue", on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["copy", "new_issue"], name="one_exchange_per_copy_and_issue"
            )
        ]

    def __str__(self):
        return f"Copy {self.copy_id} exchanged for {self.new_issue_id}"
