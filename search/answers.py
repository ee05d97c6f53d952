"""Answering one staff search: every hit the query has (above a question's
floor), what the filters leave of them, how many each filter value would leave,
and the page of results shown.

The hits are found once, without the filters, and filtered here: so a filtered
list is always part of the unfiltered one, and counting the hits of every filter
value costs no query of its own (one query per kind reads the facts filters
need, whatever the number of values)."""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from policies.access import readable, readable_ids
from policies.models import ControlledDocumentPage

from .engine import Candidate, Searcher
from .models import GuidanceEntry
from .related import guidance_entries
from .scoring import Relevance
from .stored import read
from .text import (
    best_passage,
    document_text,
    guidance_text,
    render_passage,
    text_fragment,
)

PAGE_SIZE = 20
MAX_PAGES = 50  # 1,000 results is more than anyone reads; deeper pages are refused
CANDIDATES = 60  # a single word's best hits of each kind, ranked again together
POOL = 100  # a question is answered from each kind's best hits
MAX_MATCHES = 10_000  # a single word's hits read of each kind (ids only)
GUIDANCE = "guidance"
ANY = ""  # the facet count of hits whatever a filter's value


def current_documents(user):
    """What `user` may find: documents in force that they may read. Drafts and
    withdrawn documents are left out for everyone (editors find their drafts in the
    admin's own search); a confidential document only for its readers."""
    return readable(
        ControlledDocumentPage.objects.filter(live=True, withdrawn=False), user
    )


@dataclass(frozen=True)
class Facts:
    """What the filters ask of a hit: its type ("policy", ..., "guidance"), the
    slug of its process area, and the numbers of its clauses."""

    type: str
    process: str | None
    clauses: frozenset


@dataclass(frozen=True)
class Filters:
    """A search's filters, validated (search.views.parse_filters)."""

    kind: str | None = None
    process: object = None  # a ProcessArea
    clause: object = None  # a Clause

    def __bool__(self):
        return bool(self.kind or self.process or self.clause)

    def admits(self, facts, ignoring=None):
        """Whether a hit with `facts` passes every filter but `ignoring`."""
        return (
            (ignoring == "type" or not self.kind or facts.type == self.kind)
            and (
                ignoring == "process"
                or not self.process
                or facts.process == self.process.slug
            )
            and (
                ignoring == "clause"
                or not self.clause
                or self.clause.number in facts.clauses
            )
        )


@dataclass
class Side:
    """One kind of hit: where it is searched, its text, and its facts."""

    kind: str
    model: object  # the model its text is stored under (search.stored)
    queryset: object  # what a backend searches
    text_of: object
    # pks -> rows of (pk, type, process slug, clause number) of those of pks
    # in the queryset (the same rules, decided for each of them)
    fact_rows: object
    # Where hits are loaded from once `facts` has let them through: without
    # the reader's access rules, asked already.
    loader: object = None

    def facts(self, pks):
        """{pk: Facts} of those of `pks` in the queryset: one query."""
        types, processes, clauses = {}, {}, {}
        rows = self.fact_rows(pks) if pks else ()
        for pk, kind, process, number in rows:
            types[pk], processes[pk] = kind, process
            clauses.setdefault(pk, set())
            if number:
                clauses[pk].add(number)
        return {
            pk: Facts(types[pk], processes[pk], frozenset(clauses[pk])) for pk in types
        }

    def load(self, candidates):
        """Load the objects of `candidates` not loaded yet: one query."""
        missing = [c.pk for c in candidates if c.obj is None]
        if missing:
            loader = self.queryset if self.loader is None else self.loader
            objects = loader.in_bulk(missing)
            for candidate in candidates:
                if candidate.obj is None:
                    candidate.obj = objects.get(candidate.pk)


def sides(user, searcher):
    type_of = ControlledDocumentPage.type_slugs_by_content_type()
    in_force = ControlledDocumentPage.objects.filter(live=True, withdrawn=False)
    # What the backend searches. The SQLite index is asked without any
    # queryset's filters (search.engine.Searcher.checked): there the access
    # rules are asked of the candidates only, by their facts, and the readable
    # queryset (costly to build) is not built at all.
    documents = current_documents(user) if searcher.applies_filters else in_force

    def document_facts(pks):
        rows = list(
            in_force.filter(pk__in=pks)
            .order_by()
            .values_list(
                "pk",
                "classification",
                "content_type_id",
                "process_area__slug",
                "clauses__number",
            )
        )
        # readable() would list every unreadable document of the library;
        # these few are asked about by id (a query only for confidential ones).
        allowed = readable_ids(user, {row[0]: row[1] for row in rows})
        return (
            (pk, type_of.get(kind), area, n)
            for pk, _classification, kind, area, n in rows
            if pk in allowed
        )

    def guidance_facts(pks):
        rows = GuidanceEntry.objects.filter(pk__in=pks).values_list(
            "pk", "process_area__slug", "clauses__number"
        )
        return ((pk, GUIDANCE, area, number) for pk, area, number in rows)

    return [
        Side(
            "document",
            ControlledDocumentPage,
            documents.select_related("process_area"),
            document_text,
            document_facts,
            loader=in_force.select_related("process_area"),
        ),
        Side(
            GUIDANCE, GuidanceEntry, guidance_entries(), guidance_text, guidance_facts
        ),
    ]


@dataclass
class Hit:
    kind: str  # "document" or "guidance"
    title: str
    url: str  # with a text fragment that opens it at the passage, when there is one
    type_label: str
    reference: str  # number and version, or clause numbers
    snippet: str
    process_area: str
    score: float


@dataclass
class Answer:
    searcher: Searcher
    found: list  # every hit, unfiltered
    results: list = field(default_factory=list)  # the page's Hits
    total: int = 0  # hits the filters leave
    facets: dict = field(default_factory=dict)  # see count_facets


def find(searcher, relevance, user):
    """Every hit of the query the user may see, unfiltered: each kind's best in
    the backend's order, with their facts. A question's are ranked, and those
    under its floor dropped (search.scoring)."""
    question = relevance.is_question
    limit = POOL if question else MAX_MATCHES
    found = []
    for side in sides(user, searcher):
        facts = {}

        def check(pks, side=side, facts=facts):
            facts.update(side.facts(pks))
            return facts

        hits = searcher.checked(side.queryset, limit, check)
        for pk, score in zip(hits.pks, hits.scaled(), strict=True):
            candidate = Candidate(side.kind, None, score, side.text_of, pk=pk)
            candidate.facts, candidate.side = facts[pk], side
            found.append(candidate)
    if question:
        read_text(found, relevance)
        found = [candidate for candidate in found if readable_text(candidate)]
        found = relevance.above_floor(relevance.rank(found, relevance.weigh(found)))
    return found


def order(chosen, relevance):
    """The chosen hits, best first. A question's were all weighed. A single
    word's best CANDIDATES of each kind are ranked together; the rest follow in
    the backends' merged order, so pages never repeat or skip a hit."""
    if relevance.is_question:
        return chosen  # ranked by find
    head, tail, per_kind = [], [], Counter()
    for candidate in chosen:
        per_kind[candidate.kind] += 1
        (head if per_kind[candidate.kind] <= CANDIDATES else tail).append(candidate)
    read_text(head, relevance)
    head = [candidate for candidate in head if readable_text(candidate)]
    best = relevance.weigh(head)
    tail.sort(key=lambda candidate: candidate.backend_score, reverse=True)
    return relevance.rank(head, best) + tail


def by_side(candidates):
    """(side, its candidates) for each side of `candidates`."""
    sides = {}
    for candidate in candidates:
        sides.setdefault(candidate.side.kind, (candidate.side, []))[1].append(candidate)
    return sides.values()


def read_text(candidates, relevance, text=False):
    """Read the stored text of `candidates` (the counts of the query's stems;
    the text itself only when `text`): one query for every side. Those without
    a stored text are loaded instead, to be read from their objects."""
    wanted = [
        c for c in candidates if c.stored is None or (text and c.stored.text is None)
    ]
    pks = {}
    for candidate in wanted:
        pks.setdefault(candidate.side.model, []).append(candidate.pk)
    stored = read(pks, relevance.stems, text=text)
    for candidate in wanted:
        candidate.stored = stored.get((candidate.side.model, candidate.pk))
    for side, some in by_side(c for c in wanted if c.stored is None):
        side.load(some)


def readable_text(candidate):
    """Whether there is a text to weigh `candidate` by: stored, or its object's
    (an object no longer in its side's queryset has none)."""
    return candidate.stored is not None or candidate.obj is not None


def count_facets(found, filters):
    """{"type"|"process"|"clause": Counter of value -> hits}: how many hits each
    value of a filter would leave, the other filters applied; ANY counts the hits
    whatever the filter's value."""
    facets = {name: Counter() for name in ("type", "process", "clause")}
    for candidate in found:
        facts = candidate.facts
        values = {
            "type": [facts.type],
            "process": [facts.process] if facts.process else [],
            "clause": facts.clauses,
        }
        for name, counts in facets.items():
            if filters.admits(facts, ignoring=name):
                counts[ANY] += 1
                counts.update(values[name])
    return facets


def answer(query, filters, page, user):
    """The Answer to a search: page `page` of the hits the filters leave."""
    searcher = Searcher(query)
    relevance = Relevance(searcher.terms)
    found = find(searcher, relevance, user)
    chosen = [candidate for candidate in found if filters.admits(candidate.facts)]
    ordered = order(chosen, relevance)
    reach = page * PAGE_SIZE
    shown = ordered[reach - PAGE_SIZE : reach]
    read_text(shown, relevance, text=True)  # the snippets' text
    for side, some in by_side(shown):
        side.load(some)
    make = {"document": document_hit, GUIDANCE: guidance_hit}
    results = [
        make[candidate.kind](candidate, relevance)
        for candidate in shown
        if candidate.obj is not None
    ]
    return Answer(searcher, found, results, len(chosen), count_facets(found, filters))


def _snippet_and_fragment(candidate, relevance):
    passage = best_passage(candidate.text, relevance.terms, relevance.weights)
    fragment = text_fragment(passage)
    return render_passage(passage), f"#{fragment}" if fragment else ""


def document_hit(candidate, relevance):
    document = candidate.obj
    type_label = (
        ContentType.objects.get_for_id(document.content_type_id)
        .model_class()
        ._meta.verbose_name
    )
    version = document.current_version_label
    snippet, fragment = _snippet_and_fragment(candidate, relevance)
    return Hit(
        kind="document",
        title=document.title,
        url=reverse("document_permalink", args=[document.document_number]) + fragment,
        type_label=type_label.capitalize(),
        reference=f"{document.document_number} v{version}"
        if version
        else document.document_number,
        snippet=snippet,
        process_area=str(document.process_area or ""),
        score=candidate.score,
    )


def guidance_hit(candidate, relevance):
    entry = candidate.obj
    clauses = ", ".join(clause.number for clause in entry.clauses.all())
    snippet, fragment = _snippet_and_fragment(candidate, relevance)
    return Hit(
        kind="guidance",
        title=entry.title,
        url=reverse("guidance_entry", args=[entry.pk]) + fragment,
        type_label="Guidance",
        reference=f"Clause {clauses}" if clauses else "",
        snippet=snippet,
        process_area=str(entry.process_area or ""),
        score=candidate.score,
    )
