"""The register's rows as one database query: filtered, sorted and counted by the
database, so a page of 50 rows costs the same at 20 documents as at 10,000, and
the CSV streams every row at constant memory (workflows.register, api)."""

from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim
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
# Each column's value in a row, as annotated below (Page has an `owner` field of
# its own: the register's owner is the document's owner's name).
FIELDS = {
    "number": "number",
    "title": "title",
    "type": "type",
    "version": "version",
    "owner": "owner_name",
    "status": "status",
    "effective": "effective",
    "review": "review",
}


class BadRequest(Exception):
    pass


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


# The SQL form of is_withdrawn_then, on annotate_as_of's columns.
WITHDRAWN_THEN = Q(as_of_withdrawn_at__gt=F("as_of_issued_at")) & (
    Q(as_of_reinstated_at__isnull=True)
    | Q(as_of_reinstated_at__lte=F("as_of_withdrawn_at"))
)


def is_withdrawn_then(document) -> bool:
    withdrawn_at = document.as_of_withdrawn_at
    reinstated_at = document.as_of_reinstated_at
    return bool(
        withdrawn_at
        and withdrawn_at > document.as_of_issued_at
        and not (reinstated_at and reinstated_at > withdrawn_at)
    )


def type_labels() -> Case:
    """Each document's type, as the register shows it ("Policy")."""
    return Case(
        *(
            When(
                content_type=ContentType.objects.get_for_model(model),
                then=Value(model._meta.verbose_name.capitalize()),
            )
            for model in ControlledDocumentPage.document_types().values()
        ),
        default=Value(""),
        output_field=CharField(),
    )


def type_slugs() -> Case:
    return Case(
        *(
            When(
                content_type=ContentType.objects.get_for_model(model),
                then=Value(slug),
            )
            for slug, model in ControlledDocumentPage.document_types().items()
        ),
        default=Value(""),
        output_field=CharField(),
    )


def with_columns(documents: QuerySet, as_of) -> QuerySet:
    """Every column of a row, computed by the database."""
    documents = documents.annotate(
        type=type_labels(),
        type_slug=type_slugs(),
        owner_name=Coalesce(
            NullIf(
                Trim(
                    Concat(
                        "document_owner__first_name",
                        Value(" "),
                        "document_owner__last_name",
                        output_field=CharField(),
                    )
                ),
                Value(""),
            ),
            "document_owner__username",
            output_field=CharField(),
        ),
    )
    if as_of is None:
        return documents.annotate(
            version=NullIf("current_version_label", Value("")),
            status=Case(
                When(withdrawn=True, then=Value("Withdrawn")),
                When(
                    Q(live=True) & ~Q(current_version_label=""), then=Value("Current")
                ),
                default=Value("Draft"),
                output_field=CharField(),
            ),
            effective=F("effective_date"),
            review=F("next_review_due"),
        )
    return annotate_as_of(documents, as_of).annotate(
        version=Case(
            When(as_of_major__isnull=True, then=Value(None)),
            default=Concat(
                Cast("as_of_major", CharField()),
                Value("."),
                Cast("as_of_minor", CharField()),
                output_field=CharField(),
            ),
            output_field=CharField(),
        ),
        status=Case(
            When(as_of_major__isnull=True, then=Value("Not yet issued")),
            When(WITHDRAWN_THEN, then=Value("Withdrawn")),
            default=Value("In force"),
            output_field=CharField(),
        ),
        effective=F("as_of_effective"),
        review=Value(None, output_field=CharField()),
    )


ROW_FIELDS = [
    "pk",
    "title",
    "live",
    "type",
    "type_slug",
    "version",
    "owner_name",
    "status",
    "effective",
    "review",
]


def row_values(documents: QuerySet, *ordering) -> QuerySet:
    """The rows' values of `documents` (annotated by with_columns), in `ordering`
    and then by number."""
    return documents.order_by(*ordering, "document_number").values(
        *ROW_FIELDS, number=F("document_number")
    )


def register_rows(params, user) -> tuple[QuerySet, object]:
    """The rows for these query parameters, in display order, as a queryset of
    dicts (number, title, type, type_slug, version, owner, status, effective,
    review, live), and the day of an as-of view (None for today's register)."""
    if any("\x00" in value for value in params.values()):
        # PostgreSQL refuses NUL in any string it is sent.
        raise BadRequest("Filters cannot contain NUL characters.")
    try:
        as_of = parse_day(params.get("as_of", ""), "as_of")
    except ValueError as error:
        raise BadRequest(str(error)) from None
    documents = visible(ControlledDocumentPage.objects, user)
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
        if Clause.named(clause) is None:
            raise BadRequest(f"Unknown clause '{clause[:80]}'.")
        documents = documents.filter(clauses__number=clause).distinct()
    documents = with_columns(documents, as_of)
    if status := params.get("status"):
        if status not in STATUSES:
            raise BadRequest(
                f"Unknown status '{status}': use one of {', '.join(STATUSES)}."
            )
        documents = documents.filter(status=status)
    sort = params.get("sort", "number")
    key = sort.removeprefix("-")
    if key not in FIELDS:
        raise BadRequest(
            f"Cannot sort by '{sort}': use one of {', '.join(dict(COLUMNS))}."
        )
    # Empty cells last going up and first going down, then by number: a stable
    # order, so pages never repeat or skip a row.
    column = F("document_number" if key == "number" else FIELDS[key])
    ordering = (
        column.desc(nulls_first=True)
        if sort.startswith("-")
        else column.asc(nulls_last=True)
    )
    return row_values(documents, ordering), as_of
