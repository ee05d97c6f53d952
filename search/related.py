"""Guidance beside a document: the entries for its mapped clauses first, then the
entries most like its content, found by full-text search on the characteristic
words of its title, purpose and body."""

from dataclasses import dataclass

from django.db.models import Min

from .engine import Searcher, rerank
from .models import GuidanceEntry
from .text import guidance_text, key_terms, stream_text
from .vocabulary import guidance_rarity

MAPPED_LIMIT = 12
SIMILAR_LIMIT = 5
CANDIDATES = 30  # ranked again by search.engine.rerank
NEIGHBOUR_BONUS = 0.25


@dataclass
class RelatedGuidance:
    mapped: list
    similar: list
    fell_back: bool = False

    def __bool__(self):
        return bool(self.mapped or self.similar)


def guidance_entries():
    return GuidanceEntry.objects.select_related("process_area").prefetch_related(
        "clauses"
    )


def clause_family(number):
    """The parent of a clause (8.6 for 8.6.1); top-level clauses are their own."""
    return number.rsplit(".", 1)[0] if "." in number else number


def related_guidance(document, clauses=None):
    """Related guidance for `document` as it is in memory (a draft in the editor,
    the live page on the site). `clauses` saves a query when the caller has them."""
    if clauses is None:
        clauses = list(document.clauses.all())
    clause_ids = [clause.pk for clause in clauses]
    mapped = []
    if clause_ids:
        mapped = list(
            guidance_entries()
            .filter(clauses__in=clause_ids)
            .annotate(first_clause=Min("clauses__sort_key"))
            .order_by("first_clause", "title")
            .distinct()[:MAPPED_LIMIT]
        )
    terms = key_terms(
        (document.title, 3),
        (document.purpose, 2),
        (stream_text(document.body), 1),
        rarity=guidance_rarity(),
    )
    searcher = Searcher(" ".join(terms))
    # The mapped entries are dropped here, not by the query: the database
    # index applies no queryset's filter (search.engine.Searcher.checked).
    ranked = searcher.ranked(guidance_entries(), CANDIDATES + len(mapped)).without(
        {entry.pk for entry in mapped}, CANDIDATES
    )
    candidates = ranked.candidates("guidance", guidance_text)
    candidates = rerank(candidates, searcher.terms, terms)
    # Among entries about as close in wording, those on the same process area or
    # on a neighbouring clause (same parent, e.g. 8.6.3 beside 8.6.1) go first.
    families = {clause_family(clause.number) for clause in clauses}
    for candidate in candidates:
        entry = candidate.obj
        if document.process_area_id and entry.process_area_id == (
            document.process_area_id
        ):
            candidate.score += NEIGHBOUR_BONUS
        if families & {clause_family(c.number) for c in entry.clauses.all()}:
            candidate.score += NEIGHBOUR_BONUS
    candidates.sort(key=lambda candidate: candidate.score, reverse=True)
    similar = [candidate.obj for candidate in candidates[:SIMILAR_LIMIT]]
    return RelatedGuidance(mapped, similar, searcher.fell_back)
