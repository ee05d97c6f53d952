"""Document numbers: per-type prefix and sequence, e.g. POL-001, allocated once."""

from django.db import transaction
from django.db.models import F


def format_document_number(prefix: str, value: int) -> str:
    return f"{prefix}-{value:03d}"


def allocate_document_number(prefix: str) -> str:
    """Return the next unused number for `prefix`.

    The sequence row is locked for the rest of the caller's transaction (a row lock on
    PostgreSQL, the database write lock on SQLite), so two documents created at the
    same time never receive the same number. Numbers already taken, for example by
    documents imported with their historical numbers, are skipped.
    """
    from .models import ControlledDocumentPage, DocumentNumberSequence

    with transaction.atomic():
        DocumentNumberSequence.objects.get_or_create(prefix=prefix)
        while True:
            DocumentNumberSequence.objects.filter(prefix=prefix).update(
                last_value=F("last_value") + 1
            )
            value = (
                DocumentNumberSequence.objects.select_for_update()
                .values_list("last_value", flat=True)
                .get(prefix=prefix)
            )
            number = format_document_number(prefix, value)
            if not ControlledDocumentPage.objects.filter(
                document_number=number
            ).exists():
                return number
