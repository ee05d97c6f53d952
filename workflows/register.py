"""The master document list (/register/): every controlled document with its number,
title, type, version, owner, status, effective date and next review; sortable,
filterable, as it stood at the end of any day (?as_of=), exportable as CSV."""

import csv
from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone

from policies.access import visible
from policies.dates import parse_day
from policies.models import Clause, ControlledDocumentPage

from .models import ControlEvent, DocumentIssue

COLUMNS = [
    ("number", "Number"),
    ("title", "Title"),
    ("type", "Type"),
    ("version", "Version"),
    ("owner", "Owner"),
    ("status", "Status"),
    ("effective", "Effective date"),
    ("review", "Next review"),
]
STATUSES = ["Current", "Draft", "Withdrawn", "Not yet issued", "In force"]


class BadRequest(Exception):
    pass


def register_rows(params, user):
    """The rows on screen for these query parameters, in display order."""
    if any("\x00" in value for value in params.values()):
        # PostgreSQL refuses NUL in any string it is sent.
        raise BadRequest("Filters cannot contain NUL characters.")
    try:
        as_of = parse_day(params.get("as_of", ""), "as_of")
    except ValueError as error:
        raise BadRequest(str(error)) from None
    documents = visible(ControlledDocumentPage.objects, user).select_related(
        "document_owner", "content_type"
    )
    types = ControlledDocumentPage.document_types()
    if kind := params.get("type"):
        if kind not in types:
            raise BadRequest(f"Unknown type '{kind}': use one of {', '.join(types)}.")
        documents = documents.filter(
            content_type=ContentType.objects.get_for_model(types[kind])
        )
    if owner := params.get("owner", "").strip():
        documents = documents.filter(owner_matches(owner))
    if clause := params.get("clause"):
        if not Clause.objects.filter(number=clause[:16]).exists():
            raise BadRequest(f"Unknown clause '{clause[:80]}'.")
        documents = documents.filter(clauses__number=clause).distinct()
    if as_of:
        documents = annotate_as_of(documents, as_of)

    rows = [row_for(document, as_of) for document in documents]
    if status := params.get("status"):
        if status not in STATUSES:
            raise BadRequest(
                f"Unknown status '{status}': use one of {', '.join(STATUSES)}."
            )
        rows = [row for row in rows if row["status"] == status]
    sort = params.get("sort", "number")
    key = sort.removeprefix("-")
    if key not in dict(COLUMNS):
        raise BadRequest(
            f"Cannot sort by '{sort}': use one of {', '.join(dict(COLUMNS))}."
        )
    rows.sort(
        key=lambda row: (row[key] is None, row[key] or ""), reverse=sort.startswith("-")
    )
    return rows, as_of


def owner_matches(text: str) -> Q:
    """Owners as people type them: the username, or the full name shown in the
    register ("Olivia Owens"), or part of either, in any case. Each word must be
    part of the first name, the last name or the username; a filter, not a query."""
    condition = Q()
    for word in text.split()[:5]:
        condition &= (
            Q(document_owner__first_name__icontains=word)
            | Q(document_owner__last_name__icontains=word)
            | Q(document_owner__username__icontains=word)
        )
    return condition


def annotate_as_of(documents, as_of):
    """The issue in force at the end of `as_of`, and whether the document was
    withdrawn then: two subqueries, whatever the number of documents or issues."""
    end_of_day = timezone.make_aware(datetime.combine(as_of, time.max))
    in_force = DocumentIssue.objects.filter(
        document=OuterRef("pk"), effective_from__lte=as_of
    ).order_by("-major", "-minor")

    def last(kind):
        return Subquery(
            ControlEvent.objects.filter(
                document=OuterRef("pk"), kind=kind, at__lte=end_of_day
            )
            .order_by("-at", "-pk")
            .values("at")[:1]
        )

    # A withdrawn document is back in force when it is reinstated (its last issue
    # again) or when a new issue is approved after the withdrawal.
    return documents.annotate(
        as_of_major=Subquery(in_force.values("major")[:1]),
        as_of_minor=Subquery(in_force.values("minor")[:1]),
        as_of_effective=Subquery(in_force.values("effective_from")[:1]),
        as_of_issued_at=Subquery(in_force.values("created_at")[:1]),
        as_of_withdrawn_at=last(ControlEvent.Kind.WITHDRAWN),
        as_of_reinstated_at=last(ControlEvent.Kind.REINSTATED),
    )


def is_withdrawn_then(document) -> bool:
    withdrawn_at = document.as_of_withdrawn_at
    reinstated_at = document.as_of_reinstated_at
    return bool(
        withdrawn_at
        and withdrawn_at > document.as_of_issued_at
        and not (reinstated_at and reinstated_at > withdrawn_at)
    )


def row_for(document, as_of):
    owner = document.document_owner
    row = {
        "pk": document.pk,
        "url": document.url if document.live else None,
        "number": document.document_number,
        "title": document.title,
        "type": document.specific_class._meta.verbose_name.capitalize(),
        "type_slug": document.specific_class.type_slug,
        "owner": owner.get_full_name() or owner.get_username(),
    }
    if as_of is None:
        row.update(
            version=document.current_version_label or None,
            status=document.status,
            effective=document.effective_date,
            review=document.next_review_due,
        )
    else:
        issued = document.as_of_major is not None
        if not issued:
            status = "Not yet issued"
        elif is_withdrawn_then(document):
            status = "Withdrawn"
        else:
            status = "In force"
        row.update(
            version=f"{document.as_of_major}.{document.as_of_minor}"
            if issued
            else None,
            status=status,
            effective=document.as_of_effective,
            review=None,
        )
    return row


def register(request):
    try:
        rows, as_of = register_rows(request.GET, request.user)
    except BadRequest as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    if request.GET.get("format") == "csv":
        return register_csv(rows, as_of)
    if request.GET.get("format") not in (None, "", "html"):
        return HttpResponseBadRequest(
            "format must be csv or html.", content_type="text/plain"
        )
    return TemplateResponse(
        request,
        "policies/register.html",
        {
            "rows": rows,
            "as_of": as_of,
            "columns": COLUMNS,
            "types": [
                (slug, model._meta.verbose_name.capitalize())
                for slug, model in ControlledDocumentPage.document_types().items()
            ],
            "statuses": STATUSES,
            "params": request.GET,
            "sort": request.GET.get("sort", "number"),
        },
    )


def spreadsheet_safe(value):
    """A cell starting with =, +, - or @ would run as a formula in a spreadsheet."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def register_csv(rows, as_of):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"register-{as_of.isoformat()}" if as_of else "register"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow([spreadsheet_safe(row[key]) for key, _ in COLUMNS])
    return response
