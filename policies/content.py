"""A document's approved content as a reader sees it, to tell whether two versions
differ: for refusing a submission that changes nothing."""

import json
from datetime import date

from django.db import models
from django.db.models import Model

from .blocks import text_leaves
from .fields import FieldRole


def visible_content(model: type[Model], content: dict) -> dict:
    """The identity and approved fields of `content`, in a revision's serialised
    form, normalised so that two versions compare equal exactly when a reader
    would see no difference: related objects as sorted primary keys, and the body
    as its blocks' types and units of text (markup and white space ignored)."""
    visible = {}
    for name in model.fields_with_role(FieldRole.IDENTITY, FieldRole.APPROVED):
        if name not in content:
            continue
        value = content[name]
        if name == "body":
            blocks = json.loads(value) if isinstance(value, str) else value or []
            value = [
                (block["type"], [text for _, text in text_leaves(block["value"])])
                for block in blocks
            ]
        elif isinstance(value, list | tuple):
            value = sorted(value)
        elif isinstance(value, str):
            value = value.strip()
        if value in (None, "", []):
            continue  # empty reads the same as absent (fields added later)
        visible[name] = value
    return visible


def as_content(cleaned_data: dict, model: type[Model]) -> dict:
    """A form's cleaned data serialised as a revision stores it (the fields it
    has)."""
    content = {}
    for name in model.fields_with_role(FieldRole.IDENTITY, FieldRole.APPROVED):
        if name not in cleaned_data:
            continue
        value = cleaned_data[name]
        if isinstance(value, Model):
            value = value.pk
        elif isinstance(value, models.QuerySet | list | tuple):
            value = [item.pk if isinstance(item, Model) else item for item in value]
        elif hasattr(value, "get_prep_value"):  # a StreamValue
            value = value.get_prep_value()
        elif isinstance(value, date):
            value = value.isoformat()
        content[name] = value
    return content
