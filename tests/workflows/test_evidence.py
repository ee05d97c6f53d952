"""Evidence packs (issue 14): built by the real database task backend's worker,
read back from the ZIP, verified with verify_evidence_pack."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from policies.fields import Classification
from policies.models import Clause, PolicyPage, ProcedurePage
from tests.factories import make_document, make_user
from tests.workflows.helpers import client_for
from workflows.actions.issue import IssueRevisionAction
from workflows.models import EvidencePack

BEFORE, BETWEEN, AFTER = date(2026, 1, 10), date(2026, 2, 1), date(2026, 3, 1)


@pytest.fixture(autouse=True)
def packs_root(settings, tmp_path):
    settings.EVIDENCE_PACKS_ROOT = tmp_path / "packs"
    return settings.EVIDENCE_PACKS_ROOT


def revise(document, effective_from):
    draft = document.get_latest_revision_as_object()
    draft.purpose = f"{draft.purpose} Revised."
    IssueRevisionAction(
        draft.save_revision(user=document.document_owner),
        user=None,
        significance="minor",
        change_summary="Revised.",
        sign_offs=[],
        effective_from=effective_from,
    ).execute()
    document.refresh_from_db()


@pytest.fixture
def documents(library, owner):
    """POL (8.1): 1.0 from BEFORE, 1.1 from AFTER; PROC (9.2): 1.0 from BEFORE;
    a confidential procedure (9.2) the approver reads and staff do not."""
    policy = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Service continuity policy",
        clauses=[Clause.objects.get(number="8.1")],
        effective_from=BEFORE,
    )
    revise(policy, AFTER)
    procedure = make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Internal audit procedure",
        clauses=[Clause.objects.get(number="9.2")],
        effective_from=BEFORE,
    )
    secret = make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Secret procedure",
        clauses=[Clause.objects.get(number="9.2")],
        classification=Classification.CONFIDENTIAL,
        effective_from=BEFORE,
    )
    return policy, procedure, secret


def request_pack(user, as_of, clauses=""):
    response = client_for(user).post(
        "/evidence/", {"as_of": as_of.isoformat(), "clauses": clauses}
    )
    assert response.status_code == 302, response.content
    pack = EvidencePack.objects.latest("pk")
    assert pack.status == EvidencePack.Status.QUEUED
    run_queued_task()
    pack.refresh_from_db()
    return pack


def run_queued_task():
    """What `manage.py db_worker` does for one task, without its exclusive
    transaction (SQLite refuses one inside the test's transaction)."""
    queued = DBTaskResult.objects.ready().get(backend_name="evidence")
    queued.claim("test-worker")
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="evidence",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    ).run_task(queued)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.traceback


def download(user, pack):
    response = client_for(user).get(f"/evidence/{pack.pk}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_pack_between_two_issues_holds_the_earlier_one(
    documents, auditor, packs_root
):
    policy, procedure, secret = documents
    pack = request_pack(auditor, BETWEEN)
    assert pack.status == EvidencePack.Status.DONE, pack.error
    assert pack.progress_total == pack.progress_done == 3 + 4
    archive = zipfile.ZipFile(io.BytesIO(download(auditor, pack)))
    names = set(archive.namelist())
    number = policy.document_number
    assert f"issues/{number}-1.0.pdf" in names
    assert f"issues/{number}-1.1.pdf" not in names
    assert archive.read(f"issues/{number}-1.0.pdf").startswith(b"%PDF")
    record = json.loads(archive.read(f"issues/{number}-1.0.json"))
    assert record["label"] == "1.0"
    assert record["effective_from"] == BEFORE.isoformat()
    assert record["effective_to"] == AFTER.isoformat()
    assert record["chain_hash"] and record["content_hash"]
    assert "sign_offs" in record
    assert {"register.csv", "records.csv", "chain-verification.txt"} <= names
    register = archive.read("register.csv").decode()
    assert f"{number},Service continuity policy" in register
    assert "1.0" in register
    assert archive.read("chain-verification.txt").startswith(b"OK")
    manifest = json.loads(archive.read("manifest.json"))
    assert {entry["name"] for entry in manifest["files"]} == names - {"manifest.json"}
    assert manifest["as_of"] == BETWEEN.isoformat()


@pytest.mark.django_db
def test_the_manifest_verifies_and_an_altered_file_fails(
    documents, auditor, packs_root, tmp_path
):
    pack = request_pack(auditor, BETWEEN)
    path = packs_root / pack.file
    out = io.StringIO()
    call_command("verify_evidence_pack", str(path), stdout=out)
    assert "match the manifest" in out.getvalue()

    number = documents[0].document_number
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(altered, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == f"issues/{number}-1.0.json":
                content = content.replace(b'"1.0"', b'"9.9"')
            target.writestr(name, content)
        target.writestr("extra.txt", b"slipped in")
    with pytest.raises(CommandError) as failure:
        call_command("verify_evidence_pack", str(altered))
    message = str(failure.value)
    assert f"issues/{number}-1.0.json: SHA-256 differs" in message
    assert "extra.txt: in the pack but not in the manifest" in message
    assert "register.csv" not in message


@pytest.mark.django_db
def test_a_clause_scoped_pack_holds_only_that_clauses_documents(
    documents, approver, staff
):
    policy, procedure, secret = documents
    pack = request_pack(approver, AFTER, "9.2")
    assert pack.status == EvidencePack.Status.DONE, pack.error
    assert pack.clauses == ["9.2"]
    names = set(zipfile.ZipFile(io.BytesIO(download(approver, pack))).namelist())
    issues = {name for name in names if name.startswith("issues/")}
    assert issues == {
        f"issues/{document.document_number}-1.0.{kind}"
        for document in (procedure, secret)
        for kind in ("pdf", "json")
    }
    # Only its requester, auditors and approvers download it.
    response = client_for(staff).get(f"/evidence/{pack.pk}/download/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_pack_is_built_with_the_requesters_access(documents, owner, library):
    """A requester who is no longer privileged gets only what they may read."""
    policy, procedure, secret = documents
    from workflows.evidence import documents_for

    reader = make_user("Staff")
    numbers = set(documents_for(reader, []).values_list("document_number", flat=True))
    assert secret.document_number not in numbers
    assert procedure.document_number in numbers


@pytest.mark.django_db
def test_staff_and_owners_are_refused(staff, owner):
    for user in (staff, owner):
        assert client_for(user).get("/evidence/").status_code == 403
        assert client_for(user).get("/evidence/status/").status_code == 403
        response = client_for(user).post("/evidence/", {"as_of": "2026-01-01"})
        assert response.status_code == 403
    assert not EvidencePack.objects.exists()


@pytest.mark.django_db
def test_the_page_shows_progress_and_the_status_endpoint(documents, auditor):
    pack = request_pack(auditor, BETWEEN)
    page = client_for(auditor).get("/evidence/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="pack-{pack.pk}" data-status="done"' in html
    assert "<progress" in html
    assert "evidence.js" in html and "<script>" not in html
    status = client_for(auditor).get("/evidence/status/").json()
    assert status["packs"][0] == {
        "id": pack.pk,
        "status": "done",
        "status_display": "Done",
        "done": 7,
        "total": 7,
        "download": f"/evidence/{pack.pk}/download/",
    }


@pytest.mark.django_db
def test_bad_requests_say_why(auditor):
    client = client_for(auditor)
    response = client.post("/evidence/", {"as_of": "someday"})
    assert response.status_code == 400
    response = client.post("/evidence/", {"as_of": "2026-01-01", "clauses": "99.9"})
    assert response.status_code == 400
    assert "Unknown clause 99.9" in response.content.decode()
    assert not EvidencePack.objects.exists()


@pytest.mark.django_db
def test_a_failing_build_is_recorded_as_failed(documents, auditor, monkeypatch):
    def broken(pack):
        raise RuntimeError("disk full")

    monkeypatch.setattr("workflows.evidence_tasks.build_pack", broken)
    client_for(auditor).post("/evidence/", {"as_of": BETWEEN.isoformat()})
    queued = DBTaskResult.objects.ready().get(backend_name="evidence")
    queued.claim("test-worker")
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="evidence",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    ).run_task(queued)
    pack = EvidencePack.objects.get()
    assert pack.status == EvidencePack.Status.FAILED
    assert pack.error == "RuntimeError: disk full"
    assert "disk full" in client_for(auditor).get("/evidence/").content.decode()
