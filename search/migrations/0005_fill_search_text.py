"""Store the text of what search finds today: every document in force (its live
page: the issue published) and every guidance entry. From here on the signal
receivers of search.signal_handlers keep it current."""

from collections import Counter

from django.db import migrations

from search.text import document_text, guidance_text, stem, words

BATCH = 500


def rows(model, content_type, objects, text_of):
    SearchText = model
    for obj in objects.iterator(chunk_size=BATCH):
        text = text_of(obj)
        counts = Counter(stem(word.lower()) for word in words(text))
        yield SearchText(
            content_type=content_type,
            object_id=obj.pk,
            title=obj.title[:255],
            text=text,
            stems=dict(counts),
            words=sum(counts.values()),
        )


def fill(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    SearchText = apps.get_model("search", "SearchText")
    Document = apps.get_model("policies", "ControlledDocumentPage")
    GuidanceEntry = apps.get_model("search", "GuidanceEntry")
    for model, objects, text_of in (
        (Document, Document.objects.filter(live=True, withdrawn=False), document_text),
        (GuidanceEntry, GuidanceEntry.objects.all(), guidance_text),
    ):
        content_type, _created = ContentType.objects.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )
        SearchText.objects.bulk_create(
            rows(SearchText, content_type, objects, text_of),
            batch_size=BATCH,
            ignore_conflicts=True,
        )


def empty(apps, schema_editor):
    apps.get_model("search", "SearchText").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_search_text"),
        ("policies", "0013_body_table_block"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill, empty)]
