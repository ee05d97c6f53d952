"""The filters' choices on the search page, rendered in Python: about a hundred
options (every clause) cost more as template nodes than the rest of the page."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

register = template.Library()


@register.simple_tag
def filter_choices(choices, selected, length=None):
    """The <option>s of one filter: (value, label, hits) choices, hits shown in
    brackets when counted, `selected` marked, labels cut to `length`."""
    options = []
    for value, label, count in choices:
        if length and len(label) > length:
            label = Truncator(label).chars(length)
        options.append(
            f'<option value="{escape(value)}"'
            f"{' selected' if value == selected else ''}>{escape(label)}"
            f"{f' ({count})' if count is not None else ''}</option>"
        )
    return mark_safe("".join(options))  # noqa: S308 - every value is escaped
