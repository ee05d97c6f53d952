"""The register (today and as of a day), its CSV and compliance cost the same
number of queries for the demo's 27 documents as for 2,000 (generated as
bench/generate.py does, with real issue records)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate import grow
from tests.workflows.helpers import client_for
from workflows.coverage_cache import forget_coverage

URLS = [
    "/register/",
    "/register/?as_of=2026-06-30",
    "/register/?sort=-owner&status=Current",
    "/compliance/",
    "/api/v1/register/?page_size=100",
    "/api/v1/clauses/?page_size=100",
]


def counts(client):
    measured = {}
    for url in URLS:
        client.get(url)  # content types and the site root are cached after this
        forget_coverage()  # count coverage again, not read it from the cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        measured[url] = len(queries)
    return measured


@pytest.mark.django_db
def test_lists_cost_the_same_queries_at_27_and_2000_documents(django_user_model):
    call_command("seed_demo", verbosity=0)
    client = client_for(django_user_model.objects.get(username="auditor"))
    small = counts(client)
    grow(2000)
    large = counts(client)
    assert large == small
    page = client.get("/register/").content.decode()
    assert "page 1 of 40" in page  # 2,000 documents, 50 a page
