"""Keep clause mappings in the search index.

Wagtail indexes an object when it is saved, which is before its many-to-many
relations are written (a form's save_m2m, modelcluster's commit on publish), so the
clauses indexed with a guidance entry or a document would be one save behind."""

from django.db.models.signals import m2m_changed
from wagtail.search.index import insert_or_update_object


def reindex_after_clauses_change(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        insert_or_update_object(instance)


def connect():
    from policies.models import ControlledDocumentPage

    from .models import GuidanceEntry

    for through in (
        GuidanceEntry.clauses.through,
        ControlledDocumentPage.clauses.through,
    ):
        m2m_changed.connect(
            reindex_after_clauses_change,
            sender=through,
            dispatch_uid=f"reindex-clauses-{through._meta.label}",
        )
