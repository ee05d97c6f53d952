"""/audit/: where auditors and approvers find their tools, and the form that
filters the audit trail export."""

import csv
import io
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from policies.models import PolicyPage
from tests.factories import make_document
from tests.workflows.helpers import client_for


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def nav_links(client):
    page = soup(client.get("/"))
    return {a.get_text(strip=True): a["href"] for a in page.select("#site-nav a")}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["auditor", "approver"])
def test_auditors_and_approvers_open_audit_from_the_navigation(request, role):
    client = client_for(request.getfixturevalue(role))
    assert nav_links(client)["Audit"] == "/audit/"
    page = soup(client.get("/audit/"))
    assert page.h1.get_text() == "Audit"
    links = {a["href"] for a in page.select("main a")}
    assert {
        "/register/",
        "/compliance/",
        "/reading/as-of/",
        "/records/",
        "/records/disposition/",
    } <= links
    as_of = page.select_one("form[action='/register/'] input[name=as_of]")
    assert as_of["type"] == "date"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "owner", "reviewer"])
def test_others_get_403_and_no_audit_link(request, role):
    client = client_for(request.getfixturevalue(role))
    assert "Audit" not in nav_links(client)
    assert client.get("/audit/").status_code == 403


@pytest.fixture
def two_documents(issued_policy, library, owner):
    """POL-001 issued (by the conftest fixture) and POL-002 issued too."""
    make_document(PolicyPage, library, owner=owner)
    return issued_policy


@pytest.mark.django_db
def test_the_export_form_submits_its_fields_and_downloads_a_filtered_csv(
    two_documents, auditor
):
    client = client_for(auditor)
    form = soup(client.get("/audit/")).select_one("form[action='/audit/export/']")
    fields = {field["name"]: field for field in form.select("input, select")}
    assert set(fields) == {"from", "to", "document", "format"}
    assert fields["from"]["type"] == fields["to"]["type"] == "date"
    assert [o["value"] for o in fields["format"].select("option")] == ["csv", "json"]
    assert form["method"] == "get"

    today = timezone.localdate().isoformat()
    query = {"from": today, "to": today, "document": "pol-002", "format": "csv"}
    response = client.get(f"{form['action']}?{urlencode(query)}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response).decode())))
    assert rows
    assert {row["document"] for row in rows} == {"POL-002"}
    assert all(row["timestamp"].startswith(today) for row in rows)
    # The export keeps exact timestamps, never the words shown on pages.
    assert "T" in rows[0]["timestamp"] and "+" in rows[0]["timestamp"]


@pytest.mark.django_db
def test_an_empty_form_exports_everything_and_bad_dates_still_get_400(
    two_documents, auditor
):
    client = client_for(auditor)
    empty = {"from": "", "to": "", "document": "", "format": "json"}
    entries = client.get("/audit/export/", empty).json()["entries"]
    assert {entry["document"] for entry in entries} == {"POL-001", "POL-002"}
    response = client.get("/audit/export/", {**empty, "from": "3/3/2026"})
    assert response.status_code == 400
    assert b"from must be a date" in response.content
