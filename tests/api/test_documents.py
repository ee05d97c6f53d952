"""The documents API shows what the pages show, to whom the pages show it."""

import pytest
from wagtail.models import PageLogEntry

from tests.api.conftest import api
from workflows.actions.withdrawal import WithdrawDocumentAction
from workflows.models import Acknowledgement


def numbers(response):
    assert response.status_code == 200, response.content
    return [row["number"] for row in response.json()["results"]]


def test_staff_list_issued_documents_only_and_never_a_confidential_one(
    staff, library_documents
):
    assert numbers(api(staff).get("/api/v1/documents/")) == ["POL-001", "PRC-001"]


def test_a_named_reader_finds_the_confidential_document(reader, library_documents):
    secret = library_documents["secret"]
    secret.reader_users.set([reader])
    secret.save()
    listed = numbers(api(reader).get("/api/v1/documents/"))
    assert secret.document_number in listed
    response = api(reader).get(f"/api/v1/documents/{secret.document_number}/")
    assert response.json()["content"]["title"] == "Secret incident escalation list"


def test_a_confidential_document_does_not_exist_for_staff(staff, library_documents):
    number = library_documents["secret"].document_number
    client = api(staff)
    for url in (
        f"/api/v1/documents/{number}/",
        f"/api/v1/documents/{number}/issues/",
        f"/api/v1/documents/{number}/issues/1.0/",
    ):
        assert client.get(url).status_code == 404, url
    found = client.get("/api/v1/search/", {"q": "escalation phone tree"}).json()
    assert all("Secret" not in hit["title"] for hit in found["results"])


def test_the_owner_sees_the_draft_listed_but_never_its_content(
    owner, library_documents
):
    draft = library_documents["draft"]
    client = api(owner)
    assert draft.document_number in numbers(client.get("/api/v1/documents/"))
    data = client.get(f"/api/v1/documents/{draft.document_number}/").json()
    assert data["status"] == "Draft"
    assert data["version"] is None
    assert data["content"] is None
    assert "Not approved" not in str(data)


def test_a_document_carries_its_issue_in_force_as_blocks_and_html(
    staff, library_documents
):
    data = api(staff).get("/api/v1/documents/prc-001/").json()
    assert data["number"] == "PRC-001"
    assert data["version"] == "1.1"
    assert data["status"] == "Current"
    assert data["type"] == "procedure"
    assert data["owner"] == {"username": "owner", "name": "Olivia Owens"}
    assert data["clauses"] == ["8.6.1"]
    assert data["process_area"] == "incident-management"
    assert data["permalink"] == "http://testserver/documents/PRC-001/"
    assert data["issue"] == "http://testserver/api/v1/documents/PRC-001/issues/1.1/"
    assert data["pdf"] == "http://testserver/documents/PRC-001/v/1.1/pdf/"
    content = data["content"]
    assert content["purpose"] == "How incidents are logged and resolved."
    [block] = content["body"]
    assert block["type"] == "section"
    assert "duty manager" in block["value"]["body"]
    assert "<p>Every incident is logged" in content["body_html"]
    assert "<h2" in content["body_html"]  # the section's heading, as on the page


def test_filters_as_on_the_register_with_clear_errors(owner, library_documents):
    client = api(owner)
    assert numbers(client.get("/api/v1/documents/", {"type": "policy"})) == ["POL-001"]
    assert numbers(client.get("/api/v1/documents/", {"status": "Draft"})) == ["PRC-003"]
    assert numbers(client.get("/api/v1/documents/", {"clause": "8.5.1.3"})) == [
        "POL-001"
    ]
    assert "PRC-001" in numbers(
        client.get("/api/v1/documents/", {"owner": "olivia ow"})
    )
    for params, message in (
        ({"type": "memo"}, "Unknown type 'memo'"),
        ({"status": "Lost"}, "Unknown status 'Lost'"),
        ({"clause": "x"}, "Unknown clause"),
        ({"process": "nowhere"}, "Unknown process area"),
        ({"page": "99"}, "Invalid page"),
    ):
        response = client.get("/api/v1/documents/", params)
        assert response.status_code in (400, 404), params
        assert message in response.json()["detail"], response.json()


def test_lists_page_in_a_stable_order(owner, library_documents):
    client = api(owner)
    first = client.get("/api/v1/documents/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert first["count"] == 4
    assert [r["number"] for r in first["results"] + second["results"]] == [
        "POL-001",
        "PRC-001",
        "PRC-002",
        "PRC-003",
    ]


def test_a_withdrawn_document_answers_gone_with_when_who_and_why(
    staff, approver, library_documents
):
    WithdrawDocumentAction(
        library_documents["change"], user=approver, reason="Replaced by POL-009."
    ).execute()
    response = api(staff).get("/api/v1/documents/POL-001/")
    assert response.status_code == 410
    data = response.json()
    assert data["reason"] == "Replaced by POL-009."
    assert data["withdrawn_by"]["username"] == "approver"
    listed = api(staff).get("/api/v1/documents/", {"status": "Withdrawn"})
    assert numbers(listed) == ["POL-001"]


def test_issues_show_signatures_to_all_and_hashes_to_record_readers(
    staff, auditor, library_documents
):
    staff_view = api(staff).get("/api/v1/documents/PRC-001/issues/").json()
    labels = [issue["label"] for issue in staff_view["results"]]
    assert labels == ["1.1", "1.0"]
    current, superseded = staff_view["results"]
    assert current["status"] == "Current"
    assert superseded["status"] == "Superseded"
    assert superseded["effective_to"] == current["effective_from"]
    assert current["content_hash"] is None
    assert current["pdf"].endswith("/documents/PRC-001/v/1.1/pdf/")
    assert superseded["pdf"] is None  # staff may not open a superseded issue

    auditor_view = api(auditor).get("/api/v1/documents/PRC-001/issues/").json()
    assert (
        auditor_view["results"][0]["content_hash"].startswith("sha256:")
        or len(auditor_view["results"][0]["content_hash"]) == 64
    )
    assert auditor_view["results"][1]["pdf"] is not None


def test_a_superseded_issue_is_refused_to_staff_and_shown_to_auditors(
    staff, auditor, library_documents
):
    refused = api(staff).get("/api/v1/documents/PRC-001/issues/1.0/")
    assert refused.status_code == 403
    assert "Superseded issues are for" in refused.json()["detail"]
    shown = api(auditor).get("/api/v1/documents/PRC-001/issues/1.0/").json()
    assert shown["status"] == "Superseded"
    assert shown["content"]["purpose"] == (
        "How the service desk logs and resolves an incident."
    )


def test_an_issue_is_served_exactly_as_approved(staff, library_documents):
    data = api(staff).get("/api/v1/documents/PRC-001/issues/1.1/").json()
    assert data["label"] == "1.1"
    assert data["content"]["purpose"] == "How incidents are logged and resolved."


def test_bad_and_unknown_labels(staff, library_documents):
    client = api(staff)
    bad = client.get("/api/v1/documents/PRC-001/issues/one/")
    assert bad.status_code == 400
    assert "not a version label" in bad.json()["detail"]
    assert client.get("/api/v1/documents/PRC-001/issues/7.0/").status_code == 404


def test_acknowledging_through_the_api_records_it_once_and_logs_the_channel(
    staff, library_documents
):
    client = api(staff)
    url = "/api/v1/documents/PRC-001/issues/1.1/acknowledge/"
    first = client.post(url, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["label"] == "1.1"
    again = client.post(url, content_type="application/json")
    assert again.status_code == 409
    assert "already" in again.json()["detail"]
    assert Acknowledgement.objects.filter(user=staff).count() == 1
    entry = PageLogEntry.objects.get(action="itsms.acknowledge")
    assert entry.user == staff
    assert entry.data["via"] == "API (session)"


def test_a_superseded_issue_cannot_be_acknowledged(auditor, library_documents):
    response = api(auditor).post(
        "/api/v1/documents/PRC-001/issues/1.0/acknowledge/",
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "superseded" in response.json()["detail"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_nothing_in_the_api_edits_or_publishes_a_document(
    owner, library_documents, method
):
    response = getattr(api(owner), method)(
        "/api/v1/documents/PRC-001/",
        {"title": "Hacked"},
        content_type="application/json",
    )
    assert response.status_code == 405
    library_documents["incident"].refresh_from_db()
    assert library_documents["incident"].title == "Incident handling procedure"
