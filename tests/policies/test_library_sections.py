"""A library section lists its documents 50 a page, whatever its size."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.models import PolicyPage
from tests.factories import make_document
from tests.workflows.helpers import client_for


def numbers(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [row.select_one("td").get_text() for row in page.select("tbody tr")]


@pytest.fixture
def sixty(library, owner):
    return [make_document(PolicyPage, library, owner=owner) for _ in range(60)]


def test_a_section_shows_fifty_documents_a_page_in_number_order(sixty, library, staff):
    client = client_for(staff)
    first = client.get(library.url)
    assert numbers(first) == [f"POL-{n:03}" for n in range(1, 51)]
    assert b"page 1 of 2" in first.content
    second = client.get(library.url, {"page": 2})
    assert numbers(second) == [f"POL-{n:03}" for n in range(51, 61)]
    # A page number out of range or malformed shows a page, not an error.
    assert numbers(client.get(library.url, {"page": "x"}))[0] == "POL-001"


@pytest.mark.parametrize("viewer", ["staff", "auditor"])
def test_a_section_costs_the_same_queries_at_10_and_60_documents(
    library, owner, viewer, request
):
    client = client_for(request.getfixturevalue(viewer))
    counts = []
    for added in (10, 50):
        for _ in range(added):
            make_document(PolicyPage, library, owner=owner)
        client.get(library.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(library.url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
