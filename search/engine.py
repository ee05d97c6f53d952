"""Running a full-text query on the configured backend, with the database index as
the fallback when a search cluster does not answer.

With SEARCH_BACKEND=database there is one backend and no fallback. With a cluster,
search/config.py also keeps the "database" backend current on every save, so it can
answer while the cluster is down; the cluster is then skipped for a short while
rather than making every search wait for it again.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from wagtail.search.backends import get_search_backend

from .text import coverage, query_terms

logger = logging.getLogger(__name__)

FALLBACK = "database"
CLUSTER_DOWN_KEY = "search:cluster-down"
CLUSTER_RETRY_SECONDS = 30


@dataclass
class Ranked:
    """Objects in relevance order (best first) with comparable scores, higher
    better."""

    objects: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    total: int = 0

    def scaled(self):
        """Scores as fractions of the best one (1.0 for the best hit)."""
        best = max(self.scores, default=0.0)
        if best <= 0:
            return [0.0 for _score in self.scores]
        return [max(score, 0.0) / best for score in self.scores]

    def candidates(self, kind, text_of):
        return [
            Candidate(kind, obj, text_of(obj), score)
            for obj, score in zip(self.objects, self.scaled(), strict=True)
        ]


@dataclass
class Candidate:
    """A hit on its way to the page, with the text its snippet comes from."""

    kind: str
    obj: object
    text: str
    score: float


def rerank(candidates, terms, weights=None):
    """Rank candidates of any model together, best first, the same way on every
    backend: half the backend's scaled score, plus the share of the query's words
    in the title, plus their share in the text. Backend scores of different models
    are not on one scale (a cluster ranks each index on its own statistics; SQLite
    and PostgreSQL weigh titles differently), so they only break near-ties.
    `weights` ({term: weight}) counts some words more than others. On a
    tie a document goes before guidance: it is what staff act on."""
    for candidate in candidates:
        candidate.score = (
            candidate.score / 2
            + coverage(candidate.obj.title, terms, weights)
            + coverage(candidate.text, terms, weights)
        )
    return sorted(
        candidates, key=lambda c: (c.score, c.kind == "document"), reverse=True
    )


@dataclass
class Searcher:
    """One staff query against one backend; remembers whether it had to fall back."""

    query: str
    terms: list = field(init=False)
    backend_name: str = field(init=False, default="default")
    fell_back: bool = field(init=False, default=False)

    def __post_init__(self):
        self.terms = query_terms(self.query)
        has_fallback = FALLBACK in settings.WAGTAILSEARCH_BACKENDS
        if has_fallback and cache.get(CLUSTER_DOWN_KEY):
            self.backend_name, self.fell_back = FALLBACK, True

    @property
    def text(self):
        return " ".join(self.terms)

    def ranked(self, queryset, limit, count=True):
        """The best `limit` objects of queryset for the query, and how many match."""
        if not self.terms or limit <= 0:
            return Ranked()
        try:
            return self._ranked(self.backend_name, queryset, limit, count)
        except Exception:
            if self.backend_name == FALLBACK or (
                FALLBACK not in settings.WAGTAILSEARCH_BACKENDS
            ):
                raise
            # Whatever the cluster's failure (refused, timed out, an error
            # status), the database index answers instead.
            logger.exception("Search cluster failed; answering from the database")
            cache.set(CLUSTER_DOWN_KEY, True, CLUSTER_RETRY_SECONDS)
            self.backend_name, self.fell_back = FALLBACK, True
            return self._ranked(FALLBACK, queryset, limit, count)

    def _ranked(self, backend_name, queryset, limit, count):
        backend = get_search_backend(backend_name)
        results = backend.search(self.text, queryset, operator="or").annotate_score(
            "_score"
        )
        objects = list(results[:limit])
        # SQLite's bm25() is better when lower; every other backend's score is
        # better when higher. Results come best first either way.
        sign = -1 if _lower_is_better(backend) else 1
        scores = [sign * (obj._score or 0.0) for obj in objects]
        total = len(objects)
        if count and total == limit:
            total = results.count()
        return Ranked(objects, scores, total)


def _lower_is_better(backend):
    # Checked by name: importing the SQLite backend's module on another database
    # fails (it looks up a model that only exists on SQLite).
    return type(backend).__name__ == "SQLiteSearchBackend"
