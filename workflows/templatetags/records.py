"""Template filters for issue records, which keep times as ISO 8601 text."""

from datetime import datetime

from django import template

register = template.Library()


@register.filter
def isotime(value):
    """The datetime an ISO 8601 string names (for the `date` filter), or the
    string itself when it is not one."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
