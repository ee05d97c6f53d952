"""The django-reversion versions of a guidance entry, read field by field."""

from django.utils import formats, timezone
from django.utils.text import capfirst
from reversion.models import Version

from .models import GuidanceEntry


def versioned_fields():
    """The entry's fields as (key in Version.field_dict, model field), in the order
    the model declares them; the primary key is not content."""
    opts = GuidanceEntry._meta
    fields = sorted(
        [*opts.concrete_fields, *opts.many_to_many], key=lambda f: f.creation_counter
    )
    return [(field.attname, field) for field in fields if not field.primary_key]


def comparable(value):
    # Many-to-many values are lists of primary keys in whatever order they were
    # serialised; the set is what matters.
    return sorted(value) if isinstance(value, list | tuple) else value


def changed_fields(newer: dict, older: dict) -> list[str]:
    """Labels of the fields whose stored values differ between two versions."""
    return [
        capfirst(field.verbose_name)
        for key, field in versioned_fields()
        if comparable(newer.get(key)) != comparable(older.get(key))
    ]


def current_field_dict(entry: GuidanceEntry) -> dict:
    """The entry as it is now, keyed like Version.field_dict."""
    values = {}
    for key, field in versioned_fields():
        if field.many_to_many:
            values[key] = list(
                getattr(entry, field.name).order_by().values_list("pk", flat=True)
            )
        else:
            values[key] = getattr(entry, key)
    return values


def version_date(version: Version) -> str:
    return formats.date_format(
        timezone.localtime(version.revision.date_created), "j F Y H:i:s"
    )
