"""Records are filed once and never changed; dispositions need a reason, an
approver who is someone else and no legal hold, and leave a tombstone that keeps
the chain verifiable."""

import json
import zipfile
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from policies.models import PolicyPage, RequiredItem
from tests.factories import file_record, issue_up_to, make_document, make_user
from workflows.actions.disposition import (
    DecideDispositionAction,
    RequestDispositionAction,
)
from workflows.actions.records import (
    PlaceLegalHoldAction,
    ReleaseLegalHoldAction,
)
from workflows.models import Disposition, DocumentIssue, Record, RecordContent
from workflows.records_access import readable_records

pytestmark = pytest.mark.django_db

LONG_AGO = date(2012, 1, 10)


def verify():
    out = StringIO()
    call_command("verify_document_chain", "--allow-empty", stdout=out)
    return out.getvalue()


@pytest.fixture
def auditor_client(auditor):
    client = Client()
    client.force_login(auditor)
    return client


@pytest.fixture
def superseded(library, owner):
    """POL-001 issued 1.0 and 2.0 long ago: 1.0 superseded past its retention."""
    policy = make_document(PolicyPage, library, owner=owner, publish=False)
    issue_up_to(policy, "2.0", LONG_AGO)
    return DocumentIssue.objects.get(document=policy, major=1)


def test_a_record_is_filed_once_with_a_number_and_a_clean_entry(owner):
    record = file_record(owner)
    assert record.number == "REC-0001"
    assert record.content.body == "<p>One minor nonconformity.</p>"
    assert [c.number for c in record.clauses.all()] == ["9.2"]
    assert "1 record(s)" in verify()

    record.title = "Something else"
    with pytest.raises(ValidationError):
        record.save()
    with pytest.raises(ValidationError):
        record.delete()
    content = RecordContent.objects.get(pk=record.pk)
    content.body = "<p>Rewritten.</p>"
    with pytest.raises(ValueError):
        content.save()


def test_a_correction_is_a_new_record_naming_the_one_it_corrects(owner):
    first = file_record(owner)
    second = file_record(owner, title="Audit report (corrected)", corrects=first)
    assert second.number == "REC-0002"
    assert list(first.corrections.all()) == [second]
    assert first.content.body  # the original stays as filed


def test_filing_is_checked(owner, staff):
    with pytest.raises(PermissionDenied):
        file_record(staff)
    with pytest.raises(ValidationError) as error:
        file_record(
            owner,
            period_end=date.today() + timedelta(days=1),
            kind=RequiredItem.objects.get(code="sla"),
            body="<p></p>",
        )
    assert set(error.value.message_dict) == {"period_end", "kind", "body"}
    assert not Record.objects.exists()


def test_a_file_is_part_of_the_hash_and_tampering_shows(owner):
    record = file_record(owner, file=SimpleUploadedFile("minutes.txt", b"Minutes"))
    assert "1 record(s)" in verify()
    Path(record.content.file.path).write_bytes(b"Other minutes")
    with pytest.raises(CommandError, match="REC-0001: its content differs"):
        verify()


def test_a_confidential_record_does_not_exist_for_staff(owner, staff, auditor):
    file_record(owner, classification="confidential")
    assert not readable_records(Record.objects.all(), staff).exists()
    assert readable_records(Record.objects.all(), auditor).count() == 1
    assert readable_records(Record.objects.all(), owner).count() == 1


def test_disposition_needs_a_reason_and_another_approver(superseded, owner, approver):
    with pytest.raises(ValidationError, match="reason"):
        RequestDispositionAction(
            superseded, user=owner, method="destroy", reason=""
        ).execute()
    disposition = RequestDispositionAction(
        superseded, user=approver, method="destroy", reason="Retention ended."
    ).execute()
    with pytest.raises(PermissionDenied, match="other than"):
        DecideDispositionAction(disposition, user=approver, approve=True).execute()
    with pytest.raises(PermissionDenied):
        DecideDispositionAction(disposition, user=owner, approve=True).execute()
    superseded.revision.refresh_from_db()
    assert superseded.revision.content.get("purpose")  # nothing happened yet


def test_a_legal_hold_refuses_disposition_until_released(superseded, owner, approver):
    second_approver = make_user("Approvers", username="approver2")
    hold = PlaceLegalHoldAction(
        user=approver, document=superseded.document, reason="Litigation."
    ).execute()
    with pytest.raises(ValidationError, match="legal hold"):
        RequestDispositionAction(
            superseded, user=owner, method="destroy", reason="Retention ended."
        ).execute()
    ReleaseLegalHoldAction(hold, user=approver, reason="Settled.").execute()
    disposition = RequestDispositionAction(
        superseded, user=owner, method="destroy", reason="Retention ended."
    ).execute()
    # A hold placed between request and approval stops the approval too.
    PlaceLegalHoldAction(
        user=approver, document=superseded.document, reason="New claim."
    ).execute()
    with pytest.raises(ValidationError, match="legal hold"):
        DecideDispositionAction(
            disposition, user=second_approver, approve=True
        ).execute()


def test_the_issue_in_force_and_one_still_retained_are_never_disposed_of(
    library, owner, approver
):
    policy = make_document(PolicyPage, library, owner=owner, publish=False)
    issue_up_to(policy, "2.0", date.today() - timedelta(days=30))
    for issue in DocumentIssue.objects.filter(document=policy):
        with pytest.raises(ValidationError, match="in force|kept until"):
            RequestDispositionAction(
                issue, user=approver, method="destroy", reason="Tidy up."
            ).execute()


def test_a_disposed_issue_leaves_a_tombstone_that_keeps_the_chain_verifiable(
    superseded, owner, approver
):
    purpose = superseded.revision.content["purpose"]
    disposition = RequestDispositionAction(
        superseded, user=owner, method="archive", reason="Retention ended."
    ).execute()
    DecideDispositionAction(disposition, user=approver, approve=True).execute()
    disposition.refresh_from_db()
    assert disposition.status == "done"
    superseded.revision.refresh_from_db()
    assert superseded.revision.content == {
        "disposed": True,
        "title": superseded.document.title,
    }
    assert "Verified 1 document(s)" in verify()

    bundle = Path(settings.RECORDS_ARCHIVE_ROOT) / disposition.archive_name
    with zipfile.ZipFile(bundle) as archive:
        assert json.loads(archive.read("content.json"))["content"]["purpose"] == (
            purpose
        )
    with pytest.raises(ValidationError):
        disposition.save()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workflows_disposition SET reason = %s WHERE id = %s",
            ["Someone else's reason", disposition.pk],
        )
    with pytest.raises(CommandError, match="1.0: its tombstone was altered"):
        verify()


def test_a_disposed_record_loses_its_content_and_keeps_its_place_in_the_chain(
    owner, approver
):
    record = file_record(owner, file=SimpleUploadedFile("minutes.txt", b"Minutes"))
    file_record(owner, title="A later record")
    path = Path(record.content.file.path)
    disposition = RequestDispositionAction(
        record, user=owner, method="destroy", reason="Six years passed."
    ).execute()
    DecideDispositionAction(disposition, user=approver, approve=True).execute()
    assert not RecordContent.objects.filter(pk=record.pk).exists()
    assert not path.exists()
    assert "2 record(s)" in verify()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workflows_disposition SET subject_hash = %s WHERE id = %s",
            ["0" * 64, disposition.pk],
        )
    with pytest.raises(CommandError, match="REC-0001: its tombstone names other"):
        verify()


def test_a_refusal_needs_a_reason_and_leaves_the_item(superseded, owner, approver):
    disposition = RequestDispositionAction(
        superseded, user=owner, method="destroy", reason="Retention ended."
    ).execute()
    with pytest.raises(ValidationError, match="why"):
        DecideDispositionAction(disposition, user=approver, approve=False).execute()
    DecideDispositionAction(
        disposition, user=approver, approve=False, comment="Audit next month."
    ).execute()
    assert Disposition.objects.get().status == "refused"
    superseded.revision.refresh_from_db()
    assert superseded.revision.content.get("purpose")


def test_the_history_shows_a_disposed_issue_as_a_tombstone(
    superseded, owner, approver, auditor_client
):
    disposition = RequestDispositionAction(
        superseded, user=owner, method="destroy", reason="Retention ended."
    ).execute()
    DecideDispositionAction(disposition, user=approver, approve=True).execute()
    number = superseded.document.document_number
    client = auditor_client
    history = client.get(f"/documents/{number}/history/").content.decode()
    assert "Disposed of" in history
    assert "Compare with previous" not in history
    page = client.get(f"/documents/{number}/v/1.0/")
    assert page.status_code == 410
    assert "Retention ended." in page.content.decode()
    assert superseded.content_hash in page.content.decode()
    assert client.get(f"/documents/{number}/diff/1.0/2.0/").status_code == 410
    assert client.get(f"/documents/{number}/v/2.0/").status_code == 200


def test_records_and_their_dispositions_are_in_the_audit_trail(
    owner, approver, auditor_client
):
    record = file_record(owner)
    disposition = RequestDispositionAction(
        record, user=owner, method="destroy", reason="Six years passed."
    ).execute()
    DecideDispositionAction(disposition, user=approver, approve=True).execute()
    response = auditor_client.get(
        "/audit/export/", {"format": "json", "document": "rec-0001"}
    )
    entries = response.json()["entries"]
    assert [(e["document"], e["action"], e["user"]) for e in entries] == [
        ("REC-0001", "itsms.record_filed", "owner"),
        ("REC-0001", "itsms.disposition_requested", "owner"),
        ("REC-0001", "itsms.disposed", "approver"),
    ]
    everything = auditor_client.get("/audit/export/", {"format": "csv"})
    assert "itsms.record_filed" in b"".join(everything.streaming_content).decode()
