"""What meets each piece of documented information the standard requires, as one
reader may see it: the analysis behind /compliance/ (workflows.compliance).

A document item (M) is met by a document in force (live, not withdrawn) that is
mapped to the item and of a type the item names: a procedure mapped to the SLA
item does not make an SLA. A document merely mapped to the clause addresses the
clause and meets nothing. A record item (R) is met by records of its kind, not
disposed of, whose period ended within settings.RECORDS_RECENT_MONTHS.

The number of queries is fixed: one for the clauses, one for their documents,
one for the items (each with its latest record and count of recent records, as
subqueries), one for the items' documents, one for the documents to follow up
(overdue reviews, drafts never approved); never one per document or record."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from policies.access import visible
from policies.dates import add_months
from policies.models import Clause, ControlledDocumentPage, RequiredItem

from .models import Disposition, Record
from .records_access import readable_records

SATISFIED = "satisfied"
MISSING = "missing"
STALE = "stale"
DRAFT_ONLY = "draft only"


def counting_records(user) -> QuerySet:
    """The records that count as evidence for `user`: readable, not disposed of."""
    disposed = Disposition.objects.filter(
        record=OuterRef("pk"), status=Disposition.Status.DONE
    )
    return readable_records(Record.objects.exclude(Exists(disposed)), user)


def recent_since(today: date) -> date:
    """The earliest period end that still counts as recent evidence."""
    return add_months(today, -settings.RECORDS_RECENT_MONTHS)


def with_record_evidence(items: QuerySet, records: QuerySet, since: date) -> QuerySet:
    """Each item with its latest counting record (number and period end) and how
    many counting records ended since `since`: three subqueries, no query."""
    of_kind = records.filter(kind=OuterRef("pk"))
    latest = of_kind.order_by("-period_end", "-pk")
    recent = (
        of_kind.filter(period_end__gte=since)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return items.annotate(
        latest_record=Subquery(latest.values("number")[:1]),
        latest_period_end=Subquery(latest.values("period_end")[:1]),
        recent_records=Coalesce(
            Subquery(recent, output_field=IntegerField()), Value(0)
        ),
    )


def document_fields(documents: QuerySet) -> QuerySet:
    """What the page and the CSV show of a document, with its type's model name."""
    return documents.only(
        "pk",
        "title",
        "document_number",
        "current_version_label",
        "live",
        "withdrawn",
        "next_review_due",
        "url_path",
    ).annotate(type_model=F("content_type__model"))


def in_force(document) -> bool:
    return document.live and not document.withdrawn


def never_issued(document) -> bool:
    return not document.withdrawn and not document.current_version_label


@dataclass(frozen=True)
class Evidence:
    """One thing shown against an item: a document ("AGR-001 1.0") or a record
    ("REC-0003 (2026-09-30)"), with why it does not count when it does not."""

    label: str
    document_number: str = ""  # documents only: the link to their history
    note: str = ""


def document_evidence(document, note: str = "") -> Evidence:
    version = document.current_version_label or "draft"
    return Evidence(
        f"{document.document_number} {version}", document.document_number, note
    )


@dataclass
class ItemCoverage:
    item: RequiredItem
    status: str
    satisfied_by: list[Evidence] = field(default_factory=list)
    not_counted: list[Evidence] = field(default_factory=list)
    recent_records: int = 0

    @property
    def gap(self) -> bool:
        return self.status != SATISFIED


@dataclass
class ClauseCoverage:
    clause: Clause
    items: list[ItemCoverage]
    # Mapped to the clause, but counting for none of its items.
    addresses: list[ControlledDocumentPage]


def type_names() -> dict[str, str]:
    """Document type slug -> its verbose name, from the models (no query)."""
    return {
        slug: model._meta.verbose_name
        for slug, model in ControlledDocumentPage.document_types().items()
    }


def document_item(item, names) -> ItemCoverage:
    satisfying, drafts, other = [], [], []
    for document in item.documents.all():
        slug = document.type_model.removesuffix("page")
        if not item.satisfiable_by(slug):
            other.append(
                document_evidence(
                    document, f"a {names.get(slug, slug)} cannot satisfy it"
                )
            )
        elif in_force(document):
            satisfying.append(document_evidence(document))
        elif never_issued(document):
            drafts.append(document_evidence(document, "not issued"))
        else:
            other.append(document_evidence(document, "withdrawn"))
    status = SATISFIED if satisfying else DRAFT_ONLY if drafts else MISSING
    return ItemCoverage(item, status, satisfying, drafts + other)


def record_item(item) -> ItemCoverage:
    if item.latest_record is None:
        return ItemCoverage(item, MISSING)
    latest = Evidence(f"{item.latest_record} ({item.latest_period_end.isoformat()})")
    if item.recent_records:
        return ItemCoverage(item, SATISFIED, [latest], [], item.recent_records)
    stale = Evidence(
        latest.label,
        note=f"period ended more than {settings.RECORDS_RECENT_MONTHS} months ago",
    )
    return ItemCoverage(item, STALE, [], [stale])


def clause_coverage(user, today: date) -> list[ClauseCoverage]:
    documents = document_fields(visible(ControlledDocumentPage.objects, user))
    items = with_record_evidence(
        RequiredItem.objects.prefetch_related(
            Prefetch("documents", queryset=documents.order_by("document_number"))
        ),
        counting_records(user),
        recent_since(today),
    )
    clauses = Clause.objects.prefetch_related(
        Prefetch("documents", queryset=documents.order_by("document_number")),
        Prefetch("required_items", queryset=items),
    )
    names = type_names()
    rows = []
    for clause in clauses:
        coverage = [
            record_item(item) if item.is_record else document_item(item, names)
            for item in clause.required_items.all()
        ]
        shown = {
            document.pk
            for item in clause.required_items.all()
            for document in item.documents.all()
        }
        rows.append(
            ClauseCoverage(
                clause,
                coverage,
                [d for d in clause.documents.all() if d.pk not in shown],
            )
        )
    return rows


def section_chart(rows: list[ClauseCoverage]) -> list[dict]:
    """Per clause group (4 to 10): the share of its required items satisfied."""
    groups = defaultdict(lambda: {"items": 0, "satisfied": 0})
    for row in rows:
        group = groups[row.clause.section]
        group["items"] += len(row.items)
        group["satisfied"] += sum(not item.gap for item in row.items)
    return [
        {
            "section": section,
            **counts,
            "percent": round(100 * counts["satisfied"] / counts["items"])
            if counts["items"]
            else 0,
        }
        for section, counts in sorted(groups.items())
    ]


def to_follow_up(user, today: date) -> tuple[list, list]:
    """Documents in force overdue for review, and drafts never approved: one
    query, split here."""
    documents = document_fields(visible(ControlledDocumentPage.objects, user))
    overdue = Q(live=True, next_review_due__lt=today)
    never_approved = Q(live=False, current_version_label="")
    found = list(
        documents.filter(overdue | never_approved, withdrawn=False).order_by(
            "next_review_due", "document_number"
        )
    )
    return (
        [d for d in found if d.live],
        sorted((d for d in found if not d.live), key=lambda d: d.document_number),
    )


def compliance_data(user) -> dict:
    today = timezone.localdate()
    rows = clause_coverage(user, today)
    items = [item for row in rows for item in row.items]
    overdue, never_approved = to_follow_up(user, today)
    chart = section_chart(rows)
    return {
        "rows": rows,
        "document_gaps": [i for i in items if i.gap and not i.item.is_record],
        "record_gaps": [i for i in items if i.gap and i.item.is_record],
        "required_by_7_5_4": sorted(
            (i for i in items if i.item.required_by),
            key=lambda i: (i.item.required_by, i.item.clause.sort_key),
        ),
        "overdue": overdue,
        "never_approved": never_approved,
        "chart": chart,
        "chart_height": 10 * len(chart),
        "recent_months": settings.RECORDS_RECENT_MONTHS,
        "recent_since": recent_since(today),
    }
