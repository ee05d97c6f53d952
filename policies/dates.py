import calendar
import zoneinfo
from datetime import date, datetime, tzinfo

from django.conf import settings
from django.utils import timezone


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1: 28 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def parse_day(value: str, name: str) -> date | None:
    """A day given in a query parameter: None when empty; ValueError with a message
    for the user when it is not YYYY-MM-DD between 1900 and 2999 (wider years do
    not fit every database's date arithmetic)."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day and 1900 <= day.year <= 2999:
        return day
    raise ValueError(
        f"{name} must be a date between 1900 and 2999 written YYYY-MM-DD, for "
        f"example 2026-03-31; got '{value[:40]}'."
    )


def viewer_time_zone(user) -> tzinfo:
    """The zone a person reads times in: the one they chose in their account
    settings (Wagtail's user profile), else the site's TIME_ZONE. The profile is
    loaded with the user (cms.auth), so asking costs no query."""
    profile = getattr(user, "wagtail_userprofile", None)
    name = getattr(profile, "current_time_zone", "") or settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def as_moment(value) -> datetime | date | None:
    """A datetime or date, given one or its ISO 8601 text (issue records keep
    sign-off times as text). A time without an offset is the site's local time;
    None when `value` is empty or not a date."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            return None
        if len(text) <= len("2026-03-31"):  # a day, not a moment
            value = value.date()
    if isinstance(value, datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return value if isinstance(value, date) else None
