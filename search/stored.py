"""The stored plain text of what search finds (search.models.SearchText): written
once per issue of a document and per save of a guidance entry, read by each
search for ranking (the stems) and for the snippets of the page shown (the text).

Only what a reader may find is stored: a document's text is written from its
live page when an issue is published (a draft saved later never reaches it) and
removed when the document is unpublished (withdrawn) or deleted. A search reads
rows only for hits of its own queryset, so a row that outlived its document is
never shown. A hit without a row (a page made live outside the workflow, as the
benchmark's generated library is) is read from its object instead, unsaved.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.fields.json import KeyTransform

from policies.models import ControlledDocumentPage

from .models import GuidanceEntry, SearchText
from .text import document_text, guidance_text, stem, words

# Each model whose objects are searched, with the text search ranks and quotes.
SOURCES = {ControlledDocumentPage: document_text, GuidanceEntry: guidance_text}


@dataclass
class Stored:
    """What search knows of one object's text: its title, its stems counted
    ({stem: occurrences}), its length in words, and the text itself once read
    (only the page shown needs it)."""

    title: str
    stems: dict
    words: int
    text: str | None = field(default=None, repr=False)


def source_of(obj):
    """The searched model `obj` is stored under, or None."""
    return next((model for model in SOURCES if isinstance(obj, model)), None)


def content_type_id(model):
    # Documents are stored under their concrete base model: page ids are unique
    # across every document type, and a search asks by that model.
    return ContentType.objects.get_for_model(model).pk


def measure(title, text):
    """The Stored of a title and plain text."""
    counts = Counter(stem(word.lower()) for word in words(text))
    return Stored(title, dict(counts), sum(counts.values()), text)


def store(obj):
    """Write `obj`'s text as search will read it (its fields as they are now)."""
    model = source_of(obj)
    if model is None:
        return
    stored = measure(obj.title, SOURCES[model](obj))
    # One statement (INSERT ... ON CONFLICT UPDATE): publishing an issue is a
    # path with a query budget of its own.
    SearchText.objects.bulk_create(
        [
            SearchText(
                content_type_id=content_type_id(model),
                object_id=obj.pk,
                title=stored.title[:255],
                text=stored.text,
                stems=stored.stems,
                words=stored.words,
            )
        ],
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=["title", "text", "stems", "words"],
    )


def forget(obj):
    """Remove `obj`'s text: it can no longer be found."""
    model = source_of(obj)
    if model is not None:
        SearchText.objects.filter(
            content_type_id=content_type_id(model), object_id=obj.pk
        ).delete()


def read(pks_by_model, stems, text=False):
    """{(model, pk): Stored} of the pks of each model ({model: pks}) that are
    stored: one query, whatever the models. Of its stems only the counts of
    `stems` are read (the database picks them out of each row's JSON, instead
    of every count of every candidate being sent and parsed); the text itself
    only when `text`."""
    models = {content_type_id(model): model for model, pks in pks_by_model.items()}
    wanted = Q()
    for content_type, model in models.items():
        if pks := pks_by_model[model]:
            wanted |= Q(content_type_id=content_type, object_id__in=pks)
    if not wanted:
        return {}
    keys = list(stems)
    columns = ["content_type_id", "object_id", "title", "words"]
    rows = SearchText.objects.filter(wanted).values_list(
        *columns,
        *(["text"] if text else []),
        *(KeyTransform(key, "stems") for key in keys),
    )
    width = len(columns) + text
    found = {}
    for row in rows.iterator():
        counts = {key: n for key, n in zip(keys, row[width:], strict=True) if n}
        found[models[row[0]], row[1]] = Stored(
            row[2], counts, row[3], row[4] if text else None
        )
    return found
