import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policies.models import Clause, PolicyPage
from tests.factories import make_document
from tests.workflows.helpers import client_for

# Measured at 11 for an auditor: session, user, whether they see drafts, clauses,
# their documents (one prefetch), overdue, never approved, the reader's groups and
# permissions for the menu.
COMPLIANCE_QUERY_BUDGET = 12


@pytest.fixture
def auditor_client(auditor):
    return client_for(auditor)


def clauses(*numbers):
    return list(Clause.objects.filter(number__in=numbers))


@pytest.fixture
def mapped(library, owner):
    past = timezone.localdate() - timedelta(days=3)
    current = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="SM policy",
        clauses=clauses("5.2.1", "5.2"),
        next_review_due=past,
    )
    draft = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Change policy draft",
        clauses=clauses("8.5.1.1"),
        publish=False,
    )
    return current, draft


@pytest.mark.django_db
def test_each_clause_lists_its_documents_and_documented_information(
    mapped, auditor_client
):
    page = BeautifulSoup(auditor_client.get("/compliance/").content, "html.parser")
    rows = {
        row.th.get_text(" ", strip=True): row.get_text(" ", strip=True)
        for row in page.select("table.compliance tbody tr")
    }
    assert len(rows) == 77
    row = rows["5.2.1 Establishing the service management policy"]
    assert "POL-001 1.0 (current)" in row
    assert "Service management policy (document)" in row
    assert "POL-002 draft (not issued)" in rows["8.5.1.1 Change management policy"]


@pytest.mark.django_db
def test_gaps_overdue_reviews_and_drafts_never_approved(mapped, auditor_client):
    page = BeautifulSoup(auditor_client.get("/compliance/").content, "html.parser")
    gaps = page.select_one("ul.gaps").get_text(" ", strip=True)
    assert "8.5.1.1 Change management policy" in gaps, "only a draft maps to it"
    assert "5.2.1" not in gaps
    assert "4.3 Determining the scope" in gaps
    assert "POL-001 SM policy" in page.select_one("ul.overdue").get_text()
    assert (
        "POL-002 Change policy draft" in page.select_one("ul.never-approved").get_text()
    )


@pytest.mark.django_db
def test_coverage_chart_counts_clauses_with_an_approved_document(
    mapped, auditor_client
):
    page = BeautifulSoup(auditor_client.get("/compliance/").content, "html.parser")
    caption = page.select_one("figure figcaption").get_text()
    assert (
        "Clause 5: 2 of 6 clauses covered." in caption
    )  # 5, 5.1, 5.2, 5.2.1, 5.2.2, 5.3
    assert "Clause 8: 0 of" in caption


@pytest.mark.django_db
def test_compliance_csv_lists_every_clause(mapped, auditor_client):
    response = auditor_client.get("/compliance/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Clause" and len(rows) == 78
    row = next(r for r in rows if r[0] == "8.5.1.1")
    assert row[3] == "POL-002 draft" and row[5] == "yes"
    assert auditor_client.get("/compliance/?format=xls").status_code == 400


@pytest.mark.django_db
def test_compliance_queries_do_not_grow_with_documents(library, owner, auditor_client):
    counts = []
    for added in (1, 20):
        for _ in range(added):
            make_document(
                PolicyPage, library, owner=owner, clauses=clauses("8.6.1", "9.2")
            )
        auditor_client.get("/compliance/")
        with CaptureQueriesContext(connection) as queries:
            auditor_client.get("/compliance/")
        counts.append(len(queries))
    assert counts[0] == counts[1] <= COMPLIANCE_QUERY_BUDGET


@pytest.mark.django_db
def test_staff_do_not_see_drafts_in_the_coverage(mapped, staff_client):
    page = BeautifulSoup(staff_client.get("/compliance/").content, "html.parser")
    assert "POL-002" not in page.get_text()
    assert "POL-001" in page.get_text()
