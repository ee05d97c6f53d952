"""Records: retained documented information, the evidence that the SMS runs
(ISO/IEC 20000-1 7.5.3 and the R items of the catalogue). Filed once, never
changed; a correction is a new record naming the one it corrects."""

from django.conf import settings
from django.db import models

from policies.fields import Classification

from .append_only import AppendOnly

RECORD_PREFIX = "REC"


class Record(AppendOnly):
    """What a record is and covers, and the hashes that make it tamper-evident:
    `content_hash` covers this row's facts and its content (text and file bytes);
    `chain_hash` covers that and the previous record's chain hash, so every record
    ever filed is one chain (`verify_document_chain` checks it). The content lives
    in RecordContent, which only a disposition removes."""

    record_name = "A record"

    number = models.CharField(max_length=16, unique=True)
    title = models.CharField(max_length=255)
    kind = models.ForeignKey(
        "policies.RequiredItem",
        on_delete=models.PROTECT,
        related_name="records",
        limit_choices_to={"kind": "R"},
    )
    clauses = models.ManyToManyField(
        "policies.Clause", blank=True, related_name="records"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    classification = models.CharField(
        max_length=20,
        choices=Classification.choices,
        default=Classification.INTERNAL,
    )
    retention_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Years to keep it after the period it covers; empty: the "
        "period set for its kind.",
    )
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField()
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_record",
    )
    content_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        indexes = [
            models.Index(fields=["kind", "period_end"]),
            models.Index(fields=["period_end"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def clause_numbers(self) -> list[str]:
        """The numbers of its clauses: as given when filing (the hash is computed
        before the rows exist), else read."""
        if hasattr(self, "_clause_numbers"):
            return self._clause_numbers
        return [clause.number for clause in self.clauses.all()]


def record_file_path(content, filename):
    return f"records/{content.record.number}/{filename}"


class RecordContent(models.Model):
    """What a record says: an entry (sanitised HTML) and/or the file as filed.
    Never edited (RecordContent.save refuses an existing row); deleted only by an
    approved disposition, which leaves a tombstone with the hash."""

    record = models.OneToOneField(
        Record, on_delete=models.PROTECT, related_name="content", primary_key=True
    )
    body = models.TextField(blank=True)
    file = models.FileField(upload_to=record_file_path, blank=True, max_length=300)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Content of {self.record_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A record's content is never edited once filed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A record's content goes only by an approved disposition.")
