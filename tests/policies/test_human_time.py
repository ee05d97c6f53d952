"""Times shown to people: in the viewer's zone, in words, in a <time> element that
keeps the exact value."""

from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.users.models import UserProfile

from tests.factories import make_user

TAG = Template("{% load human_time %}{% human_time value %}")


def render(value, user=None):
    request = RequestFactory().get("/")
    if user is not None:
        request.user = user
    html = TAG.render(Context({"value": value, "request": request}))
    return BeautifulSoup(html, "html.parser").find("time"), html


def test_a_moment_reads_in_words_and_keeps_its_exact_value(settings):
    settings.TIME_ZONE = "UTC"
    moment = datetime(2026, 3, 3, 14, 5, 7, 123456, tzinfo=UTC)
    time, _ = render(moment)
    assert time.get_text() == "3 Mar 2026, 14:05"
    assert time["datetime"] == "2026-03-03T14:05:07.123456+00:00"
    assert time["title"] == "2026-03-03 14:05:07.123456 UTC"


def test_iso_text_as_sign_offs_keep_it_reads_the_same_as_a_datetime(settings):
    settings.TIME_ZONE = "UTC"
    time, _ = render("2026-03-03T14:05:07.123456+00:00")
    assert time.get_text() == "3 Mar 2026, 14:05"
    assert time["datetime"] == "2026-03-03T14:05:07.123456+00:00"


def test_times_are_shown_in_the_site_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    time, _ = render("2026-07-01T08:30:00+00:00")  # summer time: UTC+1
    assert time.get_text() == "1 Jul 2026, 09:30"
    assert time["datetime"] == "2026-07-01T09:30:00+01:00"
    assert time["title"] == "2026-07-01 09:30:00 Europe/London"


def test_a_time_without_offset_is_the_site_local_time(settings):
    settings.TIME_ZONE = "Europe/London"
    time, _ = render("2026-07-01T09:00:00")  # as the demo data writes sign-offs
    assert time["datetime"] == "2026-07-01T09:00:00+01:00"


@pytest.mark.django_db
def test_a_person_who_chose_a_time_zone_reads_times_in_it(settings):
    settings.TIME_ZONE = "UTC"
    user = make_user("Auditors")
    UserProfile.objects.create(user=user, current_time_zone="Asia/Tokyo")
    user.refresh_from_db()
    time, _ = render("2026-03-03T14:05:00+00:00", user)
    assert time.get_text() == "3 Mar 2026, 23:05"
    assert time["datetime"] == "2026-03-03T23:05:00+09:00"


def test_a_day_is_a_time_element_without_a_clock():
    time, _ = render(date(2026, 3, 3))
    assert time.get_text() == "3 Mar 2026"
    assert time["datetime"] == "2026-03-03"
    assert not time.has_attr("title")


@pytest.mark.parametrize(
    ("value", "shown"), [(None, "–"), ("", "–"), ("soon <b>", "soon &lt;b&gt;")]
)
def test_no_value_is_a_dash_and_other_text_is_shown_escaped(value, shown):
    time, html = render(value)
    assert time is None
    assert html == shown
