"""Comparing issues from the history: a link to the previous issue on each row, and
a picker of any two."""

import pytest
from bs4 import BeautifulSoup

from tests.workflows.helpers import client_for, issue_changes

HISTORY = "/documents/POL-001/history/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def three_issues(issued_policy, approver):
    """POL-001 at 1.0, 1.1 and 1.2."""
    issue_changes(issued_policy, approver, 2)
    return issued_policy


@pytest.mark.django_db
def test_each_issue_but_the_first_links_to_its_comparison_with_the_previous(
    three_issues, auditor
):
    client = client_for(auditor)
    rows = soup(client.get(HISTORY)).select("tbody tr")
    links = [
        link["href"] if (link := row.select_one("a.compare-link")) else None
        for row in rows
    ]
    assert links == [
        "/documents/POL-001/diff/1.1/1.2/",
        "/documents/POL-001/diff/1.0/1.1/",
        None,
    ]
    diff = client.get(links[0])
    assert diff.status_code == 200
    page = soup(diff)
    assert page.h1.get_text(" ", strip=True).endswith("1.1 → 1.2")
    assert "3" in [mark.get_text(strip=True) for mark in page.select("ins")]


@pytest.mark.django_db
def test_the_picker_offers_every_label_and_goes_to_their_comparison(
    three_issues, auditor
):
    client = client_for(auditor)
    form = soup(client.get(HISTORY)).select_one("form[action$='/compare/']")
    assert form["action"] == "/documents/POL-001/compare/"
    old, new = form.select_one("select[name=from]"), form.select_one("select[name=to]")
    assert [o.get_text() for o in old.select("option")] == ["1.2", "1.1", "1.0"]
    # Preselected: the issue in force against the one before it.
    assert old.select_one("option[selected]").get_text() == "1.1"
    assert new.select_one("option[selected]").get_text() == "1.2"

    response = client.get(form["action"], {"from": "1.0", "to": "1.2"})
    assert response.status_code == 302
    assert response["Location"] == "/documents/POL-001/diff/1.0/1.2/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "1.0", "to": "7.0"}, "to: '7.0' is not an issue of POL-001"),
        ({"from": "draft", "to": "1.1"}, "from: 'draft' is not an issue"),
        ({"from": "x\x00y", "to": "1.1"}, "is not an issue"),
        ({"to": "1.1"}, "from: '' is not an issue"),
        ({"from": "1.1", "to": "1.1"}, "Choose two different issues"),
    ],
)
def test_the_picker_refuses_what_is_not_two_issues_with_400(
    three_issues, auditor, query, message
):
    response = client_for(auditor).get("/documents/POL-001/compare/", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "1.0, 1.1, 1.2" in response.content.decode() or "different" in message


@pytest.mark.django_db
def test_staff_get_neither_links_nor_picker(three_issues, staff_client):
    page = soup(staff_client.get(HISTORY))
    assert page.select("a.compare-link") == []
    assert page.select_one("form[action$='/compare/']") is None
    query = {"from": "1.0", "to": "1.1"}
    assert staff_client.get("/documents/POL-001/compare/", query).status_code == 403


@pytest.mark.django_db
def test_one_issue_has_nothing_to_compare(issued_policy, auditor):
    page = soup(client_for(auditor).get(HISTORY))
    assert page.select("a.compare-link") == []
    assert page.select_one("form[action$='/compare/']") is None


@pytest.mark.django_db
def test_a_sign_off_time_shows_in_words_with_the_exact_value(
    issued_policy, auditor, settings
):
    settings.TIME_ZONE = "UTC"
    issue = issued_policy.issues.get()
    at = "2026-03-03T14:05:07.123456+00:00"
    # An issue record is immutable in the application; the test writes its
    # signature list directly to have a known time.
    type(issue).objects.filter(pk=issue.pk).update(
        sign_offs=[
            {
                "role": "approver",
                "username": "approver",
                "name": "",
                "signed_as": "Approvers",
                "meaning": "Approved for issue",
                "at": at,
                "comment": "",
            }
        ]
    )
    time = soup(client_for(auditor).get(HISTORY)).select_one(".sign-offs time")
    assert time.get_text() == "3 Mar 2026, 14:05"
    assert time["datetime"] == at
    assert time["title"] == "2026-03-03 14:05:07.123456 UTC"
