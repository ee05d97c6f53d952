"""The filters' choices on the search page, rendered in Python: about a hundred
options (every clause) cost more as template nodes than the rest of the page."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

register = template.Library()


@register.simple_tag
def filter_choices(choices, selected, length=None):
    """The <option>s of one filter: (value, label, hits) choices, hits shown in
    brackets when counted, `selected` marked, labels cut to `length`."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}{}</option>',
        (
            (
                value,
                " selected" if value == selected else "",
                Truncator(label).chars(length) if length else label,
                format_html(" ({})", count) if count is not None else "",
            )
            for value, label, count in choices
        ),
    )
