"""The auditor's tools, for auditors and approvers: /audit/, the page that leads to
every record an audit asks for, and /audit/export/, the audit trail of controlled
documents as CSV or JSON (every workflow action, publication, withdrawal, review and
issue, with user and exact timestamp), filtered by date range and document."""

import csv
import heapq
import json
from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from policies.dates import parse_day
from policies.models import ControlledDocumentPage
from policies.roles import reads_audit_trail

from .models import Record
from .register import spreadsheet_safe

FIELDS = [
    "timestamp",
    "document",
    "title",
    "action",
    "description",
    "user",
    "revision",
    "data",
]


EXPORT_FORMATS = [("csv", "CSV (spreadsheet)"), ("json", "JSON")]


class Echo:
    def write(self, value):
        return value


def day_bound(value: str, name: str, end: bool = False) -> datetime | None:
    day = parse_day(value, name)
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def filtered(entries, params):
    """Log entries (annotated with `document_number`) in the date range and for
    the document or record the filters name, oldest first. Raises ValueError with
    the reason for a bad filter."""
    if any("\x00" in value for value in params.values()):
        # PostgreSQL refuses NUL in any string it is sent.
        raise ValueError("Filters cannot contain NUL characters.")
    start = day_bound(params.get("from", ""), "from")
    end = day_bound(params.get("to", ""), "to", end=True)
    if start and end and start > end:
        raise ValueError("from must not be after to.")
    if start:
        entries = entries.filter(timestamp__gte=start)
    if end:
        entries = entries.filter(timestamp__lte=end)
    if number := params.get("document"):
        entries = entries.filter(document_number=number.upper())
    return entries.select_related("user").order_by("timestamp", "pk")


def audit_entries(params):
    """The log entries of controlled documents."""
    numbers = ControlledDocumentPage.objects.filter(pk=OuterRef("page_id"))
    entries = PageLogEntry.objects.annotate(
        document_number=Subquery(numbers.values("document_number")[:1])
    ).filter(document_number__isnull=False)
    return filtered(entries, params)


def record_entries(params):
    """The log entries of records (filed, held, disposed of); `document` may name
    a record (REC-0001)."""
    numbers = Record.objects.filter(pk=Cast(OuterRef("object_id"), IntegerField()))
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Record)
    ).annotate(document_number=Subquery(numbers.values("number")[:1]))
    return filtered(entries, params)


def trail(params):
    """Every audit entry, of documents and of records, in time order: two
    streams merged, each one query."""
    return heapq.merge(
        audit_entries(params).iterator(),
        record_entries(params).iterator(),
        key=lambda entry: entry.timestamp,
    )


def as_record(entry):
    return {
        "timestamp": entry.timestamp.isoformat(),
        "document": entry.document_number,
        "title": entry.label,
        "action": entry.action,
        "description": entry.message,
        "user": entry.user.get_username() if entry.user else "",
        "revision": entry.revision_id,
        "data": entry.data,
    }


def refuse_unless_auditing(user):
    if not reads_audit_trail(user):
        raise PermissionDenied("The audit tools are for auditors and approvers.")


def audit_home(request):
    """Where an auditor starts: the register at a date, compliance, reading
    evidence, records, and the form that filters the audit trail export."""
    refuse_unless_auditing(request.user)
    return TemplateResponse(
        request,
        "workflows/audit_home.html",
        {"today": timezone.localdate(), "formats": EXPORT_FORMATS},
    )


def audit_export(request):
    refuse_unless_auditing(request.user)
    export_format = request.GET.get("format", "csv")
    if export_format not in dict(EXPORT_FORMATS):
        return HttpResponseBadRequest(
            "format must be csv or json.", content_type="text/plain"
        )
    try:
        entries = trail(request.GET)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    if export_format == "json":
        return JsonResponse({"entries": [as_record(entry) for entry in entries]})
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow(FIELDS)
        for entry in entries:
            record = as_record(entry)
            record["data"] = json.dumps(record["data"], sort_keys=True)
            yield writer.writerow([spreadsheet_safe(record[field]) for field in FIELDS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response
