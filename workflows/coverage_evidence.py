"""The documents mapped to each required item and each clause, as the database
counts them: per item (or clause), per document type and state, how many, and the
first few by number as examples. Two queries per mapping whatever the size of the
library: the compliance view never loads every document under every clause."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from policies.models import ControlledDocumentPage

EXAMPLES = 5  # documents named under an item or clause; the rest are counted

IN_FORCE, NOT_ISSUED, WITHDRAWN = "in force", "not issued", "withdrawn"
ClauseLinks = ControlledDocumentPage.clauses.through
ItemLinks = ControlledDocumentPage.required_items.through
DOCUMENT = "controlleddocumentpage__"


@dataclass(frozen=True)
class Mapped:
    """A document named as evidence: what the page and the CSV show of it."""

    document_number: str
    current_version_label: str
    live: bool
    withdrawn: bool
    type_id: int


@dataclass
class Group:
    """The documents of one type in one state mapped to one item or clause."""

    type_id: int
    state: str
    count: int = 0
    examples: list = None


def state() -> Case:
    """In force (live, not withdrawn), never issued, or withdrawn: as the page
    reads a document's state (coverage.in_force, coverage.never_issued)."""
    return Case(
        When(
            Q(**{f"{DOCUMENT}live": True, f"{DOCUMENT}withdrawn": False}),
            then=Value(IN_FORCE),
        ),
        When(
            Q(
                **{
                    f"{DOCUMENT}withdrawn": False,
                    f"{DOCUMENT}current_version_label": "",
                }
            ),
            then=Value(NOT_ISSUED),
        ),
        default=Value(WITHDRAWN),
        output_field=CharField(),
    )


def grouped(links: QuerySet, key: str) -> dict:
    """{key value: [Group, ...]} for `links` (rows of a mapping's through table,
    already narrowed to the documents the reader may see): one query counting,
    one naming the first EXAMPLES of each group by document number."""
    partition = [F(key), F(f"{DOCUMENT}content_type"), state()]
    counts = (
        links.annotate(state=state())
        .values(key, "state", type_id=F(f"{DOCUMENT}content_type"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    groups = {}
    for row in counts:
        groups[(row[key], row["type_id"], row["state"])] = Group(
            row["type_id"], row["state"], row["count"], []
        )
    examples = (
        links.annotate(
            state=state(),
            rank=Window(
                RowNumber(),
                partition_by=partition,
                order_by=F(f"{DOCUMENT}document_number").asc(),
            ),
        )
        .filter(rank__lte=EXAMPLES)
        .values(
            key,
            "state",
            type_id=F(f"{DOCUMENT}content_type"),
            number=F(f"{DOCUMENT}document_number"),
            version=F(f"{DOCUMENT}current_version_label"),
            live=F(f"{DOCUMENT}live"),
            withdrawn=F(f"{DOCUMENT}withdrawn"),
        )
        .order_by("number")
    )
    for row in examples:
        group = groups.get((row[key], row["type_id"], row["state"]))
        if group is not None:
            group.examples.append(
                Mapped(
                    row["number"],
                    row["version"],
                    row["live"],
                    row["withdrawn"],
                    row["type_id"],
                )
            )
    by_key = defaultdict(list)
    for (value, _type, _state), group in groups.items():
        by_key[value].append(group)
    return by_key


def item_groups(documents: QuerySet) -> dict:
    """{required item id: [Group, ...]} of the `documents` mapped to it."""
    return grouped(
        ItemLinks.objects.filter(controlleddocumentpage__in=documents.values("pk")),
        "requireditem_id",
    )


def addressing_groups(documents: QuerySet) -> dict:
    """{clause id: [Group, ...]} of the `documents` mapped to the clause but to
    none of its required items: those that address it and meet nothing."""
    to_an_item = ItemLinks.objects.filter(
        controlleddocumentpage=OuterRef("controlleddocumentpage"),
        requireditem__clause=OuterRef("clause"),
    )
    return grouped(
        ClauseLinks.objects.filter(
            controlleddocumentpage__in=documents.values("pk")
        ).exclude(Exists(to_an_item)),
        "clause_id",
    )


def first(groups, limit=EXAMPLES) -> list[Mapped]:
    """The first `limit` examples of `groups`, by document number."""
    examples = sorted(
        (example for group in groups for example in group.examples),
        key=lambda mapped: mapped.document_number,
    )
    return examples[:limit]
