"""The register, the catalogue, guidance, search and reading through the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from policies.models import Clause
from search.models import GuidanceEntry
from tests.api.conftest import api
from workflows.models import ReadingRequest


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_register_lists_what_the_page_lists(staff, library_documents):
    rows = results(api(staff).get("/api/v1/register/"))
    assert [(r["number"], r["version"], r["status"]) for r in rows] == [
        ("POL-001", "2.1", "Current"),
        ("PRC-001", "1.1", "Current"),
    ]
    assert rows[0]["owner"] == "Olivia Owens"
    assert rows[0]["type"] == "policy"


def test_the_register_as_of_a_day_before_anything_was_issued(
    auditor, library_documents
):
    day = (timezone.localdate() - timedelta(days=400)).isoformat()
    rows = results(api(auditor).get("/api/v1/register/", {"as_of": day}))
    assert {r["status"] for r in rows} == {"Not yet issued"}
    assert all(r["version"] is None for r in rows)


def test_register_parameters_are_validated(staff, library_documents):
    client = api(staff)
    for params, message in (
        ({"as_of": "yesterday"}, "as_of"),
        ({"sort": "colour"}, "Cannot sort by 'colour'"),
        ({"status": "Lost"}, "Unknown status"),
    ):
        response = client.get("/api/v1/register/", params)
        assert response.status_code == 400
        assert message in response.json()["detail"]


def test_a_clause_shows_which_document_meets_its_items(staff, library_documents):
    data = api(staff).get("/api/v1/clauses/8.6.1/").json()
    assert data["title"] == Clause.objects.get(number="8.6.1").title
    evidence = [e for item in data["items"] for e in item["satisfied_by"]] + [
        e for item in data["items"] for e in item["not_counted"]
    ]
    mapped = [e["document"] for e in evidence] + data["addresses"]
    assert "PRC-001" in mapped
    assert "PRC-002" not in mapped  # confidential: not for staff
    assert api(staff).get("/api/v1/clauses/99.1/").status_code == 404


def test_the_catalogue_lists_every_clause_in_order(staff, db):
    first = api(staff).get("/api/v1/clauses/", {"page_size": 3}).json()
    assert first["count"] == Clause.objects.count()
    assert [c["number"] for c in first["results"]] == ["4", "4.1", "4.2"]


@pytest.fixture
def guidance(db):
    entry = GuidanceEntry.objects.create(
        title="Logging every incident",
        what_to_do="Log each incident with its impact.",
        why_it_matters="Unlogged incidents cannot be measured.",
        further_considerations="Automate logging from monitoring.",
    )
    entry.clauses.set([Clause.objects.get(number="8.6.1")])
    return entry


def test_guidance_lists_filters_and_names_the_documents_for_its_clauses(
    staff, reader, guidance, library_documents
):
    client = api(staff)
    listed = results(client.get("/api/v1/guidance/", {"clause": "8.6.1"}))
    assert [entry["title"] for entry in listed] == ["Logging every incident"]
    assert results(client.get("/api/v1/guidance/", {"clause": "9.1"})) == []
    data = client.get(f"/api/v1/guidance/{guidance.pk}/").json()
    assert data["documents"] == ["PRC-001"]  # not the confidential PRC-002
    library_documents["secret"].reader_users.set([reader])
    library_documents["secret"].save()
    data = api(reader).get(f"/api/v1/guidance/{guidance.pk}/").json()
    assert data["documents"] == ["PRC-001", "PRC-002"]


def test_search_answers_as_the_page_does_with_highlights(staff, library_documents):
    data = api(staff).get("/api/v1/search/", {"q": "major incident"}).json()
    assert data["terms"] == ["major", "incident"]
    top = data["results"][0]
    assert top["title"] == "Incident handling procedure"
    assert "<mark>" in top["snippet_html"]
    assert top["url"].startswith("http://testserver/documents/PRC-001/")
    titles = [hit["title"] for hit in data["results"]]
    assert "Draft incident triage" not in titles
    assert "Secret incident escalation list" not in titles
    assert data["facets"]["type"]["procedure"] == 1


def test_search_errors_are_clear(staff, db):
    client = api(staff)
    for params, message in (
        ({}, "q: give the words"),
        ({"q": "x", "type": "memo"}, "Unknown type"),
        ({"q": "x", "page": "0"}, "page must be"),
        ({"q": "x", "clause": "8.x"}, "Unknown clause"),
    ):
        response = client.get("/api/v1/search/", params)
        assert response.status_code == 400, params
        assert message in response.json()["detail"]


def test_reading_lists_what_the_user_must_acknowledge(staff, library_documents):
    issue = library_documents["incident"].issues.order_by("-major", "-minor").first()
    ReadingRequest.objects.create(issue=issue, user=staff, due_on=timezone.localdate())
    [row] = results(api(staff).get("/api/v1/reading/"))
    assert (row["number"], row["label"]) == ("PRC-001", "1.1")
    api(staff).post(row["acknowledge"], content_type="application/json")
    assert results(api(staff).get("/api/v1/reading/")) == []
