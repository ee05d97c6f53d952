"""Running a full-text query on the configured backend, with the database index as
the fallback when a search cluster does not answer.

With SEARCH_BACKEND=database there is one backend and no fallback. With a cluster,
search/config.py also keeps the "database" backend current on every save, so it can
answer while the cluster is down; the cluster is then skipped for a short while
rather than making every search wait for it again.
"""

import logging
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from .text import coverage, query_terms

logger = logging.getLogger(__name__)

FALLBACK = "database"
CLUSTER_DOWN_KEY = "search:cluster-down"
CLUSTER_RETRY_SECONDS = 30
# A cluster gives no hit deeper than this (index.max_result_window's default).
WINDOW = 10_000


@dataclass
class Hits:
    """Primary keys of a backend's matches, best first, with its scores (higher
    better)."""

    pks: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    # The backend gave as many as it was asked for: more may follow.
    more: bool = False

    def scaled(self):
        """Scores as fractions of the best one (1.0 for the best hit)."""
        best = max(self.scores, default=0.0)
        if best <= 0:
            return [0.0 for _score in self.scores]
        return [max(score, 0.0) / best for score in self.scores]

    def keeping(self, kept, limit):
        """The first `limit` of these hits whose pks are in `kept`."""
        rows = [
            row for row in zip(self.pks, self.scores, strict=True) if row[0] in kept
        ]
        rows = rows[:limit]
        return Hits([pk for pk, _s in rows], [score for _pk, score in rows])


@dataclass
class Ranked(Hits):
    """Hits as objects (those still in the queryset), best first."""

    objects: list = field(default_factory=list)

    def without(self, pks, limit):
        """The first `limit` of these hits whose pks are not in `pks`."""
        rows = zip(self.pks, self.scores, self.objects, strict=True)
        rows = [row for row in rows if row[0] not in pks][:limit]
        return Ranked(
            [row[0] for row in rows],
            [row[1] for row in rows],
            objects=[row[2] for row in rows],
        )

    def candidates(self, kind, text_of):
        return [
            Candidate(kind, obj, score, text_of)
            for obj, score in zip(self.objects, self.scaled(), strict=True)
        ]


class Candidate:
    """A hit on its way to the page: its backend score (scaled to its kind's
    best), the object once loaded, its stored text (search.stored) once read, and
    the text its snippet comes from: the stored text, or else the object's own
    (read when first needed)."""

    def __init__(self, kind, obj, score, text_of, pk=None):
        self.kind, self.obj, self.score, self._text_of = kind, obj, score, text_of
        self.pk = obj.pk if obj is not None else pk
        self.backend_score = score
        self.facts = None
        self.stored = None

    @property
    def title(self):
        return self.stored.title if self.stored is not None else self.obj.title

    @cached_property
    def text(self):
        if self.stored is not None and self.stored.text is not None:
            return self.stored.text
        return self._text_of(self.obj)


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
            + coverage(candidate.title, terms, weights)
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
    def applies_filters(self):
        """Whether the backend applies a queryset's filters itself: the SQLite
        index is asked without them (see `checked`)."""
        return not _is_sqlite(get_search_backend(self.backend_name))

    @property
    def text(self):
        return " ".join(self.terms)

    def ranked(self, queryset, limit):
        """The best `limit` objects of queryset for the query."""
        objects = {}

        def load(pks):
            objects.update(queryset.in_bulk(pks))
            return objects

        hits = self.checked(queryset, limit, load)
        return Ranked(hits.pks, hits.scores, objects=[objects[pk] for pk in hits.pks])

    def checked(self, queryset, limit, check):
        """The best `limit` hits of queryset that `check` keeps: `check(pks)`
        returns the kept ones (any collection), in one query. A backend's hits
        may name objects no longer in the queryset: a cluster's index lags, and
        the database index is asked without the queryset's filters (cheaper
        applied to a page of candidates than to every match). Those are dropped
        here, and more asked for while too few remain. A few more than
        `limit` are asked for at first, so that a draft or a document the
        reader may not read among the best does not cost a second query."""
        asked = min(limit + max(limit // 4, 5), max(limit, WINDOW))
        while True:
            hits = self.hits(queryset, asked)
            kept = check(hits.pks) if hits.pks else ()
            found = hits.keeping(kept, limit)
            if len(found.pks) >= limit or not hits.more or asked >= WINDOW:
                return found
            asked = min(asked * 4, WINDOW)

    def hits(self, queryset, limit):
        """The primary keys and scores of the best `limit` matches of queryset's
        model, without loading them. The queryset's own filters may not have
        been applied: see `checked`."""
        if not self.terms or limit <= 0:
            return Hits()
        try:
            return self._hits(self.backend_name, queryset, limit)
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
            return self._hits(FALLBACK, queryset, limit)

    def _hits(self, backend_name, queryset, limit):
        backend = get_search_backend(backend_name)
        if _is_sqlite(backend):
            return self._hits_on_sqlite(queryset.model, limit)
        results = backend.search(self.text, queryset, operator="or").annotate_score(
            "_score"
        )
        rows = _pks_and_scores(results[:limit])
        pk_field = queryset.model._meta.pk
        pks = [pk_field.to_python(pk) for pk, _score in rows]
        scores = [score or 0.0 for _pk, score in rows]
        return Hits(pks, scores, more=len(pks) == limit)

    def _hits_on_sqlite(self, model, limit):
        """The best `limit` matches of `model` (and its subclasses) in the FTS5
        index that Wagtail's SQLite backend writes, in one query, without any
        queryset's filters: the floor of a search is this index's own ranking.

        Wagtail's own search scores each result with a correlated subquery that
        runs the match again for every row (seconds at 5,000 documents); here
        bm25() is computed once per match of the model's content types. Those
        are kept by rowid (the `+` keeps FTS5 from taking it as a lookup per
        id), so no index entry is read for a match that is not ranked; only the
        `limit` best are joined to their entries."""
        content_types = get_descendants_content_types_pks(model)
        # Each term is letters and digits only (search.text.query_terms), so
        # quoting it makes it a plain FTS5 string: no operator can get in.
        match = " OR ".join(f'"{term}"' for term in self.terms)
        entries = IndexEntry._meta.db_table
        fts = f"{entries}_fts"  # FTS5 wants its table's own name, not an alias
        kinds = ", ".join(["%s"] * len(content_types))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT entry.object_id, best.score FROM ("  # noqa: S608
                f"SELECT rowid AS id, bm25({fts}) AS score FROM {fts} "
                f"WHERE {fts} MATCH %s AND +rowid IN (SELECT id FROM {entries} "
                f"WHERE content_type_id IN ({kinds})) "
                f"ORDER BY score, rowid LIMIT %s) AS best "
                f"JOIN {entries} AS entry ON entry.id = best.id "
                f"ORDER BY best.score, best.id",
                ["{title body}: (" + match + ")", *content_types, limit],
            )
            ranked = cursor.fetchall()
        pk_field = model._meta.pk
        # bm25() is better when lower; every other score when higher.
        return Hits(
            [pk_field.to_python(pk) for pk, _score in ranked],
            [-score for _pk, score in ranked],
            more=len(ranked) == limit,
        )


def _pks_and_scores(results):
    """(pk, score) of each hit of sliced search results, without loading the
    objects: a page of a question's pool or a single word's every match costs
    one query, not a model instance each. Reaches into the results classes of
    the database and cluster backends (modelsearch is pinned in
    requirements.lock); any other backend loads its objects."""
    if hasattr(results, "get_queryset"):  # the PostgreSQL backend: a queryset
        return list(results.get_queryset().values_list("pk", "_score"))
    if hasattr(results, "_get_es_body"):  # Elasticsearch and OpenSearch
        index = results.backend.get_index_for_model(
            results.query_compiler.queryset.model
        )
        response = results._backend_do_search(
            results._get_es_body(),
            index=index.name,
            _source=False,
            from_=results.start,
            size=results.stop - results.start,
            **{results.fields_param_name: "pk"},
        )
        return [
            (hit["fields"]["pk"][0], hit["_score"]) for hit in response["hits"]["hits"]
        ]
    return [(obj.pk, obj._score) for obj in results]


def _is_sqlite(backend):
    # Checked by name: importing the SQLite backend's module on another database
    # fails (it looks up a model that only exists on SQLite).
    return type(backend).__name__ == "SQLiteSearchBackend"
