"""What meets each piece of documented information the standard requires, as one
reader may see it: the analysis behind /compliance/ (workflows.compliance).

A document item (M) is met by a document in force (live, not withdrawn) that is
mapped to the item and of a type the item names: a procedure mapped to the SLA
item does not make an SLA. A document merely mapped to the clause addresses the
clause and meets nothing. A record item (R) is met by records of its kind, not
disposed of, whose period ended within settings.RECORDS_RECENT_MONTHS.

The number of queries is fixed whatever the size of the library: one for the
clauses, one for the items (each with its latest record and count of recent
records, as subqueries), two for the documents mapped to items and two for those
that only address a clause (counted by type and state, the first few named:
workflows.coverage_evidence), three for the documents to follow up (overdue
reviews, drafts never approved); never one per document or record, and no page
object is built."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
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

from .coverage_cache import remembered
from .coverage_evidence import (
    EXAMPLES,
    IN_FORCE,
    NOT_ISSUED,
    Mapped,
    addressing_groups,
    first,
    item_groups,
)
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
    """An item's status, the first EXAMPLES documents (or the latest record) that
    meet it and that do not count, and how many there are in all."""

    item: RequiredItem
    status: str
    satisfied_by: list[Evidence] = field(default_factory=list)
    not_counted: list[Evidence] = field(default_factory=list)
    recent_records: int = 0
    satisfied_count: int = 0
    not_counted_count: int = 0

    @property
    def gap(self) -> bool:
        return self.status != SATISFIED

    @property
    def more_satisfying(self) -> int:
        """Documents meeting it beyond those named."""
        if self.item.is_record:
            return 0
        return self.satisfied_count - len(self.satisfied_by)

    @property
    def more_not_counted(self) -> int:
        return self.not_counted_count - len(self.not_counted)


@dataclass
class ClauseCoverage:
    clause: Clause
    items: list[ItemCoverage]
    # Mapped to the clause, but counting for none of its items: the first
    # EXAMPLES, and how many in all.
    addresses: list[Mapped]
    addresses_count: int = 0

    @property
    def more_addresses(self) -> int:
        return self.addresses_count - len(self.addresses)


def type_names() -> dict[int, str]:
    """Document content type id -> its type's verbose name."""
    return {
        ContentType.objects.get_for_model(model).pk: model._meta.verbose_name
        for model in ControlledDocumentPage.document_types().values()
    }


def type_slugs() -> dict[int, str]:
    return ControlledDocumentPage.type_slugs_by_content_type()


def document_item(item, groups, names, slugs) -> ItemCoverage:
    """An item's coverage from its groups of mapped documents (counted by type
    and state in coverage_evidence): in force and of a type that can be it
    satisfies; never issued is draft only; of another type, or withdrawn, does
    not count."""
    satisfying, drafts, other = [], [], []
    for group in groups:
        slug = slugs.get(group.type_id, "")
        if not item.satisfiable_by(slug):
            other.append(
                (group, f"a {names.get(group.type_id, slug)} cannot satisfy it")
            )
        elif group.state == IN_FORCE:
            satisfying.append((group, ""))
        elif group.state == NOT_ISSUED:
            drafts.append((group, "not issued"))
        else:
            other.append((group, "withdrawn"))

    def named(groups_and_notes):
        """The first EXAMPLES documents of these groups by number, each with its
        group's note."""
        examples = sorted(
            (
                (example, note)
                for group, note in groups_and_notes
                for example in group.examples
            ),
            key=lambda pair: pair[0].document_number,
        )
        return [document_evidence(doc, note) for doc, note in examples[:EXAMPLES]]

    satisfied_count = sum(group.count for group, _ in satisfying)
    drafts_count = sum(group.count for group, _ in drafts)
    status = SATISFIED if satisfied_count else DRAFT_ONLY if drafts_count else MISSING
    return ItemCoverage(
        item,
        status,
        named(satisfying),
        named(drafts) + named(other),
        satisfied_count=satisfied_count,
        not_counted_count=drafts_count + sum(group.count for group, _ in other),
    )


def record_item(item) -> ItemCoverage:
    if item.latest_record is None:
        return ItemCoverage(item, MISSING)
    latest = Evidence(f"{item.latest_record} ({item.latest_period_end.isoformat()})")
    if item.recent_records:
        return ItemCoverage(
            item, SATISFIED, [latest], [], item.recent_records, item.recent_records
        )
    stale = Evidence(
        latest.label,
        note=f"period ended more than {settings.RECORDS_RECENT_MONTHS} months ago",
    )
    return ItemCoverage(item, STALE, [], [stale], not_counted_count=1)


def clause_coverage(user, today: date) -> list[ClauseCoverage]:
    documents = visible(ControlledDocumentPage.objects, user)
    items_of = defaultdict(list)
    for item in with_record_evidence(
        RequiredItem.objects.all(), counting_records(user), recent_since(today)
    ):
        items_of[item.clause_id].append(item)
    by_item = item_groups(documents)
    by_clause = addressing_groups(documents)
    names, slugs = type_names(), type_slugs()
    rows = []
    for clause in Clause.objects.all():
        items = items_of[clause.pk]
        for item in items:
            item.clause = clause
        addressing = by_clause.get(clause.pk, [])
        rows.append(
            ClauseCoverage(
                clause,
                [
                    record_item(item)
                    if item.is_record
                    else document_item(item, by_item.get(item.pk, []), names, slugs)
                    for item in items
                ],
                first(addressing),
                sum(group.count for group in addressing),
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


FOLLOW_UP_LIMIT = 50  # of each list; the register lists them all


def to_follow_up(user, today: date) -> dict:
    """Documents in force overdue for review, soonest first, and drafts never
    approved, by number: the first FOLLOW_UP_LIMIT of each, and how many in all
    (three queries)."""
    documents = visible(ControlledDocumentPage.objects, user).filter(withdrawn=False)
    overdue = Q(live=True, next_review_due__lt=today)
    never_approved = Q(live=False, current_version_label="")
    counts = documents.aggregate(
        overdue=Count("pk", filter=overdue),
        never_approved=Count("pk", filter=never_approved),
    )
    fields = ("document_number", "title", "next_review_due")
    return {
        "overdue": list(
            documents.filter(overdue)
            .order_by("next_review_due", "document_number")
            .values(*fields)[:FOLLOW_UP_LIMIT]
        ),
        "never_approved": list(
            documents.filter(never_approved)
            .order_by("document_number")
            .values(*fields)[:FOLLOW_UP_LIMIT]
        ),
        # How many more than listed, for "and N more" (the register lists all).
        "overdue_more": max(counts["overdue"] - FOLLOW_UP_LIMIT, 0),
        "never_approved_more": max(counts["never_approved"] - FOLLOW_UP_LIMIT, 0),
    }


def compliance_data(user) -> dict:
    """Everything /compliance/ shows `user` today (remembered: coverage_cache)."""
    today = timezone.localdate()
    return remembered("compliance", user, today, lambda: analysis(user, today))


def clauses_covered(user, today: date) -> list[ClauseCoverage]:
    """clause_coverage, remembered (coverage_cache): what the API's clauses read."""
    return remembered("clauses", user, today, lambda: clause_coverage(user, today))


def analysis(user, today: date) -> dict:
    rows = clause_coverage(user, today)
    items = [item for row in rows for item in row.items]
    chart = section_chart(rows)
    return {
        "rows": rows,
        "document_gaps": [i for i in items if i.gap and not i.item.is_record],
        "record_gaps": [i for i in items if i.gap and i.item.is_record],
        "required_by_7_5_4": sorted(
            (i for i in items if i.item.required_by),
            key=lambda i: (i.item.required_by, i.item.clause.sort_key),
        ),
        **to_follow_up(user, today),
        "chart": chart,
        "chart_height": 10 * len(chart),
        "recent_months": settings.RECORDS_RECENT_MONTHS,
        "recent_since": recent_since(today),
    }
