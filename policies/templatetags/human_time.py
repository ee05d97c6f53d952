"""One way to show a moment to people: in the viewer's time zone, in words
("3 Mar 2026, 14:05"), inside a <time> element that keeps the exact value for
machines (datetime) and for whoever hovers it (title). Exports keep exact
timestamps and do not use this."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from ..dates import as_moment, viewer_time_zone

register = template.Library()

DAY = "j M Y"
MOMENT = "j M Y, H:i"


def exact(moment: datetime) -> str:
    """2026-03-03 14:05:07.123456 Europe/London: to the microsecond, zone named."""
    fraction = f".{moment.microsecond:06d}" if moment.microsecond else ""
    return f"{moment:%Y-%m-%d %H:%M:%S}{fraction} {moment.tzinfo}"


@register.simple_tag(takes_context=True)
def human_time(context, value):
    """`value` (a datetime, a date, or ISO 8601 text of either, as sign-offs keep
    it) as <time>; a dash when there is none; text that is no date, as it is."""
    moment = as_moment(value)
    if moment is None:
        return "–" if value in (None, "") else value
    if not isinstance(moment, datetime):
        return format_html(
            '<time datetime="{}">{}</time>',
            moment.isoformat(),
            format_date(moment, DAY),
        )
    request = context.get("request")
    # Without a request (a mail, an admin component), the active zone: the
    # admin activates the person's own.
    zone = (
        viewer_time_zone(request.user)
        if hasattr(request, "user")
        else timezone.get_current_timezone()
    )
    local = moment.astimezone(zone)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        exact(local),
        format_date(local, MOMENT),
    )
