"""Every signal receiver of search, registered from SearchConfig.ready(): keep what
is derived from guidance current, its clauses in the search index and the word
rarity that related guidance is weighed by; and keep the stored text of what
search finds (search.stored) as readers may find it: a document's when an issue
is published (its live page, never a draft), gone when it is unpublished
(withdrawn) or deleted; a guidance entry's on every save.

Wagtail indexes an object when it is saved, which is before its many-to-many
relations are written (a form's save_m2m, a reversion restore), so the clauses
indexed with a guidance entry would be one save behind. (Documents index their own
text only: their clauses are a filter, applied in the database.)

A save that writes none of the fields the index keeps (a draft saved by Wagtail's
save_revision) leaves the index alone: modelsearch's own receiver would reload the
object and re-index it unchanged, at a cost that grows with the index."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from modelsearch import signal_handlers as modelsearch_receivers
from wagtail.search import index
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished

from .config import DATABASE
from .models import GuidanceEntry
from .panels import GUIDANCE_VERSION_KEY
from .stored import forget, store
from .vocabulary import VOCABULARY_KEY


def reindex_after_clauses_change(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        insert_or_update_object(instance)
        cache.delete(GUIDANCE_VERSION_KEY)


def forget_guidance_rarity(sender, **kwargs):
    """The rarity of words in the guidance, and with it every remembered list of
    related guidance (search.panels), are derived from the whole corpus."""
    cache.delete_many([VOCABULARY_KEY, GUIDANCE_VERSION_KEY])


def store_published_text(sender, instance, **kwargs):
    # Sent by Revision.publish once the page row holds the published content.
    store(instance)


def forget_text(sender, instance, **kwargs):
    forget(instance)


def store_guidance_text(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata: the fixture's rows are stored by whoever saves them
        store(instance)


def fields_the_index_keeps(model) -> set[str]:
    """The fields of `model` whose values the configured backends store: the
    database index keeps text only (search and autocomplete fields; filters are
    applied by the database); a cluster keeps the filter fields too."""
    text_only = all(
        config["BACKEND"] == DATABASE["BACKEND"]
        for config in settings.WAGTAILSEARCH_BACKENDS.values()
    )
    skipped = (index.FilterField,) if text_only else ()
    return {
        field.field_name
        for field in model.get_search_fields()
        if not isinstance(field, skipped)
    }


def index_saved_object(sender, instance, update_fields=None, **kwargs):
    """post_save of every indexed model, in place of modelsearch's receiver: the
    same, but a save that writes none of the fields the index keeps (Wagtail's
    save_revision, which writes a draft's revision pointers and draft title) no
    longer reloads and re-indexes the object, at a cost that grew with the index."""
    if update_fields is not None and not set(update_fields) & fields_the_index_keeps(
        sender
    ):
        return
    modelsearch_receivers.post_save_signal_handler(
        instance, update_fields=update_fields, **kwargs
    )


def register() -> None:
    for model in index.get_indexed_models():
        if getattr(model, "search_auto_update", True):
            post_save.disconnect(
                modelsearch_receivers.post_save_signal_handler, sender=model
            )
            post_save.connect(
                index_saved_object,
                sender=model,
                dispatch_uid=f"index-saved-{model._meta.label_lower}",
            )
    page_published.connect(store_published_text, dispatch_uid="store-search-text")
    page_unpublished.connect(forget_text, dispatch_uid="forget-unpublished-text")
    # Not tied to a sender: a page is deleted as its own specific class.
    post_delete.connect(forget_text, dispatch_uid="forget-deleted-text")
    post_save.connect(
        store_guidance_text, sender=GuidanceEntry, dispatch_uid="store-guidance-text"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            forget_guidance_rarity,
            sender=GuidanceEntry,
            dispatch_uid=f"forget-guidance-rarity-{signal is post_save}",
        )
    m2m_changed.connect(
        reindex_after_clauses_change,
        sender=GuidanceEntry.clauses.through,
        dispatch_uid="reindex-guidance-clauses",
    )
