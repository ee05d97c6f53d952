"""How long documented information is kept, what may not be disposed of, and the
disposition of what is due (ISO/IEC 20000-1 7.5.3.2: retention and disposition).

Nothing is disposed of silently or automatically: a disposition is requested
with a reason, approved by someone else with authority, refused while a legal
hold stands, and leaves a tombstone that keeps the history verifiable."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from policies.models import ControlledDocumentPage, RequiredItem


def document_subject_label(model) -> str:
    return f"Superseded issues of a {model._meta.verbose_name}"


def record_subject_label(item: str, clause_number: str) -> str:
    return f"Records: {item} ({clause_number})"


def retention_subjects() -> list[tuple[str, str]]:
    """What a retention period can be set for: each document type and each kind
    of record, as (subject, label)."""
    documents = [
        (f"document:{slug}", document_subject_label(model))
        for slug, model in ControlledDocumentPage.document_types().items()
    ]
    records = [
        (f"record:{code}", record_subject_label(item, number))
        for code, item, number in RequiredItem.objects.filter(
            kind=RequiredItem.Kind.RETAINED
        ).values_list("code", "item", "clause__number")
    ]
    return documents + records


class RetentionPeriod(models.Model):
    """The years a kind of documented information is kept, when an administrator
    sets one; otherwise settings.RETENTION_YEARS decides (workflows.retention).
    For a document type, counted from the day an issue is superseded; for a
    record kind, from the end of the period the record covers."""

    subject = models.CharField(
        max_length=80,
        unique=True,
        help_text='"document:<type>" (e.g. document:procedure) or '
        '"record:<kind code>" (e.g. record:audit-results).',
    )
    years = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["subject"]

    def __str__(self):
        return f"{self.subject}: {self.years} years"

    @property
    def subject_label(self) -> str:
        """The subject in words. The admin's list annotates `kind_item` and
        `kind_clause`, so that a record kind's label costs no query per row."""
        kind, _, name = self.subject.partition(":")
        if kind == "document":
            model = ControlledDocumentPage.document_types().get(name)
            return document_subject_label(model) if model else self.subject
        if not hasattr(self, "kind_item"):
            self.kind_item, self.kind_clause = (
                RequiredItem.objects.filter(code=name)
                .values_list("item", "clause__number")
                .first()
            ) or (None, None)
        if self.kind_item is None:
            return self.subject
        return record_subject_label(self.kind_item, self.kind_clause)

    subject_label.fget.short_description = "Subject"

    def clean(self):
        if self.subject not in dict(retention_subjects()):
            raise ValidationError({"subject": "Choose a document type or record kind."})
        if not 1 <= (self.years or 0) <= 100:
            raise ValidationError({"years": "Between 1 and 100 years."})


class LegalHold(models.Model):
    """While it stands, nothing of its document (any issue) or record may be
    disposed of. Placed and released with a reason; never deleted."""

    document = models.ForeignKey(
        "policies.ControlledDocumentPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_holds",
    )
    record = models.ForeignKey(
        "workflows.Record",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_holds",
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False, record__isnull=True)
                | Q(document__isnull=True, record__isnull=False),
                name="legal_hold_on_one_thing",
            )
        ]

    def __str__(self):
        return f"Legal hold on {self.document or self.record}"

    def delete(self, *args, **kwargs):
        raise ValidationError("A legal hold is released, never deleted.")


class Disposition(models.Model):
    """The disposition of one superseded issue or one record: requested, then
    approved (and carried out at once) or refused. Once done, it is the item's
    tombstone: what it was, its hash, when, who and why, sealed by `seal`."""

    class Method(models.TextChoices):
        DESTROY = "destroy", "Destroy the content"
        ARCHIVE = "archive", "Archive it out of the library"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting approval"
        DONE = "done", "Disposed of"
        REFUSED = "refused", "Refused"

    issue = models.ForeignKey(
        "workflows.DocumentIssue",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispositions",
    )
    record = models.ForeignKey(
        "workflows.Record",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispositions",
    )
    subject = models.CharField(max_length=300, help_text="e.g. PRC-004 1.0 Title")
    subject_hash = models.CharField(
        max_length=64, help_text="The content hash of what is disposed of."
    )
    method = models.CharField(max_length=10, choices=Method.choices)
    reason = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    destroyed_files = models.JSONField(
        default=list, help_text="[{name, sha256}] of the files removed."
    )
    archive_name = models.CharField(max_length=300, blank=True)
    seal = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issue__isnull=False, record__isnull=True)
                | Q(issue__isnull=True, record__isnull=False),
                name="disposition_of_one_thing",
            ),
            # At most one open or done disposition per item; refused ones stay.
            models.UniqueConstraint(
                fields=["issue"],
                condition=~Q(status="refused"),
                name="one_disposition_per_issue",
            ),
            models.UniqueConstraint(
                fields=["record"],
                condition=~Q(status="refused"),
                name="one_disposition_per_record",
            ),
        ]

    def __str__(self):
        return f"Disposition of {self.subject} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        # A decided disposition is a tombstone or a refusal on file: never changed.
        if (
            self.pk
            and Disposition.objects.filter(
                pk=self.pk, status__in=[self.Status.DONE, self.Status.REFUSED]
            ).exists()
        ):
            raise ValidationError("A decided disposition is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A disposition is never deleted.")
