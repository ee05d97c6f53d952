"""The search suite runs on the backend named by SEARCH_TEST_BACKEND:
"database" (default: SQLite FTS5, or PostgreSQL full text when DATABASE_URL points
there) or "opensearch" (a fresh clone of an osmem-server cluster per test, from the
osmem-server pytest plugin)."""

import json
import os
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from policies.models import Clause, PolicyPage, ProcedurePage, ProcessArea
from search.config import search_backends
from search.engine import CLUSTER_DOWN_KEY
from tests.factories import make_document

SEARCH_TEST_BACKEND = os.environ.get("SEARCH_TEST_BACKEND", "database")


def use_cluster(settings, url):
    """Point search at the cluster at `url` and create its indices (Wagtail's
    mappings, English analysis) from what the database holds."""
    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        "opensearch", url, index_prefix="test_"
    )
    call_command("update_index", stdout=StringIO(), stderr=StringIO())


@pytest.fixture(autouse=True)
def search_backend(request, settings):
    if SEARCH_TEST_BACKEND == "opensearch":
        request.getfixturevalue("db")
        use_cluster(settings, request.getfixturevalue("osmem_url"))
    elif SEARCH_TEST_BACKEND != "database":
        raise pytest.UsageError(f"Unknown SEARCH_TEST_BACKEND {SEARCH_TEST_BACKEND}")
    yield SEARCH_TEST_BACKEND
    cache.delete(CLUSTER_DOWN_KEY)


def section(text, heading="Procedure"):
    return json.dumps(
        [{"type": "section", "value": {"heading": heading, "body": f"<p>{text}</p>"}}]
    )


@pytest.fixture
def incident_procedure(library, owner):
    """A current procedure about incidents (PRC-001 v1.0)."""
    return make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Incident handling procedure",
        purpose="How the service desk logs, classifies and resolves an incident.",
        body=section(
            "Every incident is logged with its impact and urgency. A major incident "
            "is escalated to the duty manager within fifteen minutes."
        ),
        process_area=ProcessArea.objects.get(slug="incident-management"),
        clauses=[Clause.objects.get(number="8.6.1")],
    )


@pytest.fixture
def change_policy(library, owner):
    return make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Change policy",
        purpose="Rules for approving changes to live services.",
        body=section("Emergency changes are approved by the change authority."),
        process_area=ProcessArea.objects.get(slug="change-management"),
        clauses=[Clause.objects.get(number="8.5.1.3")],
        version="2.1",
    )
