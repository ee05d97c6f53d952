"""Keep the clauses of guidance entries in the search index.

Wagtail indexes an object when it is saved, which is before its many-to-many
relations are written (a form's save_m2m, a reversion restore), so the clauses
indexed with a guidance entry would be one save behind. (Documents index their own
text only: their clauses are a filter, applied in the database.)"""

from django.db.models.signals import m2m_changed
from wagtail.search.index import insert_or_update_object


def reindex_after_clauses_change(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        insert_or_update_object(instance)


def connect():
    from .models import GuidanceEntry

    m2m_changed.connect(
        reindex_after_clauses_change,
        sender=GuidanceEntry.clauses.through,
        dispatch_uid="reindex-guidance-clauses",
    )
