"""Every signal receiver of search, registered from SearchConfig.ready(): keep what
is derived from guidance current, its clauses in the search index and the word
rarity that related guidance is weighed by; and keep the stored text of what
search finds (search.stored) as readers may find it: a document's when an issue
is published (its live page, never a draft), gone when it is unpublished
(withdrawn) or deleted; a guidance entry's on every save.

Wagtail indexes an object when it is saved, which is before its many-to-many
relations are written (a form's save_m2m, a reversion restore), so the clauses
indexed with a guidance entry would be one save behind. (Documents index their own
text only: their clauses are a filter, applied in the database.)"""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished

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


def register() -> None:
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
