"""Wagtail's database backend, with the cost of a save independent of the size of
the library.

After every save, Wagtail's SQLite and PostgreSQL indexes recompute the average
title length over the whole index and rewrite every row whose `title_norm` is
still 1.0 (both a full scan): 0.6 ms to write the row itself, 30 ms to refresh the
statistics at 10,000 documents. Here a save writes the norm of the rows it just
indexed from the average kept in the cache for REFRESH_SECONDS; the average is
recomputed when it expires (once an hour, not once a save), and the full rewrite
stays where Wagtail does it, at the end of `update_index`."""

from functools import cache as cache_classes

from django.core.cache import cache
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends.database import SearchBackend as wagtail_database_backend
from modelsearch.utils import get_content_type_pk

AVERAGE_KEY = "search:title-length-average"
REFRESH_SECONDS = 3600


class TitleNormsOfWhatWasSaved:
    """A mixin for modelsearch's SQLiteIndex and PostgresIndex."""

    _written = None

    def add_items(self, model, objs):
        objs = list(objs)
        self._written = (get_content_type_pk(model), [str(obj.pk) for obj in objs])
        try:
            super().add_items(model, objs)
        finally:
            self._written = None

    def average_title_length(self) -> float | None:
        average = cache.get(AVERAGE_KEY)
        if average is None:
            average = (
                self.entries.annotate(title_length=Length("title"))
                .filter(title_length__gt=0)
                .aggregate(Avg("title_length"))["title_length__avg"]
            )
            cache.set(AVERAGE_KEY, average, REFRESH_SECONDS)
        return average

    def _refresh_title_norms(self, full=False):
        if full or self._written is None:
            cache.delete(AVERAGE_KEY)
            return super()._refresh_title_norms(full=full)
        average = self.average_title_length()
        if not average:
            return None
        content_type, ids = self._written
        self.entries.filter(content_type_id=content_type, object_id__in=ids).annotate(
            title_length=Length("title")
        ).filter(title_length__gt=0).update(title_norm=average / F("title_length"))
        return None


@cache_classes
def with_norms_of_what_was_saved(index_class):
    return type(index_class.__name__, (TitleNormsOfWhatWasSaved, index_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up
    """Wagtail's backend for the default database, its index class given the
    mixin above (MySQL and the fallback backend are left as they are)."""
    backend = wagtail_database_backend(params)
    if hasattr(backend.index_class, "_refresh_title_norms"):
        backend.index_class = with_norms_of_what_was_saved(backend.index_class)
    return backend
