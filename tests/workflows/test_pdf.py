"""Controlled copies as PDF (issue 14): read back with pypdf, page by page."""

import io
import json
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from policies.models import ProcedurePage
from tests.factories import make_document
from tests.workflows.helpers import act, client_for, submit
from workflows.actions.withdrawal import WithdrawDocumentAction


def pages_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [page.extract_text() for page in reader.pages]


def words(text):
    return " ".join(text.split())


def long_body(steps=40):
    items = [
        {
            "type": "item",
            "id": f"step-{n}",
            "value": {
                "text": f"Step {n}: log, classify and route the incident. " * 4,
                "responsible_role": "Service desk analyst",
                "inputs": "Call or e-mail",
                "outputs": "Incident record",
                "records": "Incident record",
            },
        }
        for n in range(steps)
    ]
    return json.dumps(
        [
            {
                "type": "steps",
                "id": "steps",
                "value": {"heading": "How we handle an incident", "steps": items},
            }
        ]
    )


@pytest.fixture
def revised_policy(issued_policy, owner, reviewer, approver):
    """POL-001 at 1.1 after a reviewed and approved change: 1.0 superseded."""
    submit(client_for(owner), issued_policy, owner, summary="Revised the purpose.")
    act(client_for(reviewer), issued_policy, "approve", "Reads well.")
    act(client_for(approver), issued_policy, "approve", "Approved.")
    issued_policy.refresh_from_db()
    return issued_policy


@pytest.mark.django_db
def test_every_page_of_a_long_issue_has_header_and_footer(
    library, owner, staff, tmp_path
):
    procedure = make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Incident handling",
        body=long_body(),
    )
    response = client_for(staff).get(
        f"/documents/{procedure.document_number}/v/1.0/pdf/"
    )
    reader, texts = pages_of(response)
    assert response["Content-Disposition"] == (
        f'attachment; filename="{procedure.document_number}-1.0.pdf"'
    )
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        text = words(text)
        assert f"{procedure.document_number} Incident handling" in text
        assert "Version 1.0 · Current" in text
        assert "Effective " in text and "Internal" in text
        assert "Uncontrolled when printed" in text
        assert f"Page {number} of {len(texts)}" in text
    assert "Owner" in texts[0] and "SUPERSEDED" not in " ".join(texts)
    assert "/check/" in words(texts[0])
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata  # identifies itself as PDF/A
    (tmp_path / "issue.pdf").write_bytes(response.content)
    if shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603 - fixed arguments, our own file
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1"]  # noqa: S607
            + [str(tmp_path / "issue.pdf"), str(tmp_path / "first-page")],
            check=True,
        )
        assert list(tmp_path.glob("first-page*.png"))


@pytest.mark.django_db
def test_the_first_page_carries_every_signature(revised_policy, staff):
    issue = revised_policy.issues.get(major=1, minor=1)
    assert len(issue.sign_offs) == 2
    _, texts = pages_of(client_for(staff).get("/documents/POL-001/v/1.1/pdf/"))
    first = words(texts[0])
    assert "Signatures" in first
    for sign_off in issue.sign_offs:
        assert sign_off["username"] in first
        assert sign_off["meaning"].capitalize()[:20] in first


@pytest.mark.django_db
def test_a_superseded_issue_is_marked_on_every_page(revised_policy, auditor, staff):
    _, texts = pages_of(client_for(auditor).get("/documents/POL-001/v/1.0/pdf/"))
    assert all("SUPERSEDED" in text for text in texts)
    assert all("Version 1.0 · Superseded" in words(text) for text in texts)
    # The same access as the issue's page: staff may not open superseded issues.
    assert client_for(staff).get("/documents/POL-001/v/1.0/pdf/").status_code == 403


@pytest.mark.django_db
def test_an_issue_of_a_withdrawn_document_is_marked_withdrawn(
    issued_policy, approver, auditor
):
    WithdrawDocumentAction(issued_policy, user=approver, reason="Obsolete.").execute()
    _, texts = pages_of(client_for(auditor).get("/documents/POL-001/v/1.0/pdf/"))
    assert all("WITHDRAWN" in text for text in texts)


@pytest.mark.django_db
def test_the_draft_pdf_is_marked_draft_and_closed_to_staff(
    issued_policy, owner, reviewer, staff
):
    url = "/documents/POL-001/draft/pdf/"
    assert client_for(owner).get(url).status_code == 404  # nothing pending yet
    submit(client_for(owner), issued_policy, owner, purpose="A new purpose.")
    _, texts = pages_of(client_for(reviewer).get(url))
    assert all("DRAFT" in text for text in texts)
    assert "A new purpose." in words(texts[0])
    assert "Version Draft · Draft" in words(texts[0])
    assert client_for(staff).get(url).status_code == 403


@pytest.mark.django_db
def test_a_never_issued_draft_does_not_exist_for_staff(library, owner, staff):
    draft = make_document(ProcedurePage, library, owner=owner, publish=False)
    url = f"/documents/{draft.document_number}/draft/pdf/"
    assert client_for(staff).get(url).status_code == 404
    _, texts = pages_of(client_for(owner).get(url))
    assert "DRAFT" in texts[0]


@pytest.mark.django_db
def test_the_document_page_and_history_link_the_pdf(issued_policy, staff):
    client = client_for(staff)
    link = b'href="/documents/POL-001/v/1.0/pdf/"'
    assert link in client.get(issued_policy.url).content
    assert link in client.get("/documents/POL-001/history/").content
