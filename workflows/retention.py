"""Retention: how long each kind of documented information is kept, and what is
due for disposition (ISO/IEC 20000-1 7.5.3.2). Nothing here disposes of anything:
it only says what is due; workflows.actions.disposition does the rest, by hand."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from policies.models import ControlledDocumentPage

from .models import Disposition, DocumentIssue, LegalHold, Record, RetentionPeriod


def retention_table() -> dict[str, int]:
    """{subject: years} for every subject: settings, then what administrators set."""
    table = dict(settings.RETENTION_YEARS)
    table.update(RetentionPeriod.objects.values_list("subject", "years"))
    return table


def years_for(table: dict[str, int], subject: str) -> int:
    return table.get(subject, table.get("default", 3))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def held_documents():
    return LegalHold.objects.filter(document=OuterRef("document"), released_at=None)


def open_or_done(field):
    return Disposition.objects.filter(
        **{field: OuterRef("pk")}, status__in=["requested", "done"]
    )


@dataclass
class Due:
    """An issue or record whose retention has run out."""

    kind: str  # "issue" or "record"
    item: object
    label: str
    retained_until: date
    held: bool


def document_type_slugs() -> dict[int, str]:
    return ControlledDocumentPage.type_slugs_by_content_type()


def record_retained_until(record: Record, table: dict[str, int]) -> date:
    years = record.retention_years or years_for(table, f"record:{record.kind.code}")
    return add_years(record.period_end, years)


def issue_retained_until(superseded_on: date, type_slug: str, table) -> date:
    return add_years(superseded_on, years_for(table, f"document:{type_slug}"))


def due_for_disposition(today: date) -> list[Due]:
    """Superseded issues and records past their retention, with no disposition
    requested or done, oldest first; those under a legal hold are listed as held.
    A handful of queries whatever the numbers."""
    table = retention_table()
    types = document_type_slugs()
    issues = (
        DocumentIssue.objects.filter(next_issue__isnull=False)
        .exclude(Exists(open_or_done("issue")))
        .annotate(held=Exists(held_documents()))
        .select_related("document", "next_issue")
    )
    due = []
    for issue in issues:
        until = issue_retained_until(
            issue.next_issue.effective_from,
            types.get(issue.document.content_type_id, ""),
            table,
        )
        if until <= today:
            label = f"{issue.document.document_number} {issue.label}"
            due.append(Due("issue", issue, label, until, issue.held))
    records = (
        Record.objects.exclude(Exists(open_or_done("record")))
        .annotate(
            held=Exists(
                LegalHold.objects.filter(record=OuterRef("pk"), released_at=None)
            )
        )
        .select_related("kind")
    )
    for record in records:
        until = record_retained_until(record, table)
        if until <= today:
            due.append(Due("record", record, record.number, until, record.held))
    return sorted(due, key=lambda item: (item.retained_until, item.label))


def active_hold(*, document=None, record=None) -> LegalHold | None:
    """The legal hold standing on a document (any of its issues) or a record."""
    condition = Q(document=document) if document is not None else Q(record=record)
    return LegalHold.objects.filter(condition, released_at=None).first()
