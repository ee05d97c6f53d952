"""Document numbers: per-type prefix and sequence, e.g. POL-001, allocated once."""

from django.db import models, transaction
from django.db.models import F


def format_document_number(prefix: str, value: int) -> str:
    return f"{prefix}-{value:03d}"


class DocumentNumberSequence(models.Model):
    """The last number issued for a document type prefix."""

    prefix = models.CharField(max_length=8, primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last_value}"

    @classmethod
    def allocate(cls, prefix: str, *, taken: models.QuerySet) -> str:
        """The next number for `prefix` that no row of `taken` (a queryset with a
        `document_number` field) already holds.

        The sequence row stays locked for the rest of the caller's transaction (a row
        lock on PostgreSQL, the database write lock on SQLite), so two documents
        created at the same time never receive the same number. Numbers already
        taken, for example by documents imported with their historical numbers, are
        skipped."""
        with transaction.atomic():
            cls.objects.get_or_create(prefix=prefix)
            while True:
                cls.objects.filter(prefix=prefix).update(last_value=F("last_value") + 1)
                value = (
                    cls.objects.select_for_update()
                    .values_list("last_value", flat=True)
                    .get(prefix=prefix)
                )
                number = format_document_number(prefix, value)
                if not taken.filter(document_number=number).exists():
                    return number
