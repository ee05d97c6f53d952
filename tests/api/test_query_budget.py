"""A list costs the same number of queries for 1 item as for 100."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policies.models import Clause, PolicyPage
from search.models import GuidanceEntry
from tests.api.conftest import api
from tests.factories import make_document, new_issue
from workflows.models import DocumentIssue, ReadingRequest

# Measured: 6, 5, 5, 4 and 9 (session, user and groups included).
BUDGETS = {
    "/api/v1/documents/": 6,
    "/api/v1/register/": 5,
    "/api/v1/guidance/": 5,
    "/api/v1/reading/": 4,
    "/api/v1/clauses/": 9,
}


@pytest.fixture
def hundred_of_everything(library, owner, staff):
    clause = Clause.objects.get(number="8.6.1")
    for n in range(100):
        make_document(
            PolicyPage, library, owner=owner, title=f"Policy {n}", clauses=[clause]
        )
    GuidanceEntry.objects.bulk_create(
        GuidanceEntry(
            title=f"Entry {n}",
            what_to_do="Do it.",
            why_it_matters="It matters.",
            further_considerations="Think.",
        )
        for n in range(100)
    )
    for entry in GuidanceEntry.objects.all():
        entry.clauses.set([clause])
    ReadingRequest.objects.bulk_create(
        ReadingRequest(issue=issue, user=staff, due_on=timezone.localdate())
        for issue in DocumentIssue.objects.all()
    )


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["results"])


def test_a_page_of_100_costs_what_a_page_of_1_costs(
    staff, hundred_of_everything, django_assert_max_num_queries
):
    client = api(staff)
    for url, budget in BUDGETS.items():
        client.get(url)  # content types and the site root are cached after this
        one, shown_one = queries(client, url, page_size=1)
        hundred, shown_hundred = queries(client, url, page_size=100)
        # The catalogue has 77 clauses; every other list has 100 items or more.
        full = Clause.objects.count() if "clauses" in url else 100
        assert (shown_one, shown_hundred) == (1, full), url
        assert hundred == one, url
        with django_assert_max_num_queries(budget):
            client.get(url, {"page_size": 100})


def test_a_documents_issues_cost_the_same_for_one_or_many(
    owner, approver, staff, library
):
    document = make_document(PolicyPage, library, owner=owner)
    client = api(staff)
    url = f"/api/v1/documents/{document.document_number}/issues/"
    client.get(url)
    one, _ = queries(client, url)
    for n in range(5):
        new_issue(document, owner, approver, f"Purpose {n}.")
    many, shown = queries(client, url)
    assert (shown, many) == (6, one)


def test_search_through_the_api_costs_what_the_page_costs(staff, library_documents):
    client = api(staff)
    client.get("/search/", {"q": "incident"})
    with CaptureQueriesContext(connection) as page:
        client.get("/search/", {"q": "incident"})
    with CaptureQueriesContext(connection) as through_api:
        client.get("/api/v1/search/", {"q": "incident"})
    # The page also reads the filters' choices (process areas, clauses).
    assert len(through_api) <= len(page)
