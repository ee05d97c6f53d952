import calendar
from datetime import date


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
