"""Due for disposition, through the pages as people use them: every change is a
POST that the action classes check; refusals are shown and what was typed is
kept; a disposed record's page is its tombstone (410); retention periods are
set by administrators in the admin."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policies.models import PolicyPage
from tests.factories import file_record, issue_up_to, make_document, make_user
from tests.workflows.helpers import client_for
from workflows.models import Disposition, DocumentIssue, LegalHold, RetentionPeriod

pytestmark = pytest.mark.django_db

DUE = "/records/disposition/"


@pytest.fixture
def old_record(owner):
    """REC-0001, an audit report of 2015 with a file: past its six years."""
    return file_record(owner, file=SimpleUploadedFile("report.txt", b"Report"))


def ask(client, record, reason="Six years have passed.", method="destroy"):
    return client.post(
        reverse("disposition_request"),
        {"kind": "record", "item": record.pk, "method": method, "reason": reason},
        follow=True,
    )


def test_owner_asks_approver_approves_and_the_record_page_becomes_a_tombstone(
    old_record, owner, approver
):
    owner_client, approver_client = client_for(owner), client_for(approver)
    page = owner_client.get(DUE).content.decode()
    assert "REC-0001" in page and "Ask for its disposition" in page
    assert "Olivia Owens" in page  # its owner

    response = ask(owner_client, old_record, method="archive")
    assert response.redirect_chain[-1][0] == DUE
    page = response.content.decode()
    assert "asked for: an approver other than you decides" in page
    assert "Awaiting a decision" in page and "Six years have passed." in page
    disposition = Disposition.objects.get()
    assert disposition.status == "requested"
    # Nothing is disposed of by reading any page.
    assert approver_client.get(DUE).status_code == 200
    assert approver_client.get("/records/REC-0001/").status_code == 200
    assert "Approve and dispose of it" in approver_client.get(DUE).content.decode()
    assert "Approve and dispose of it" not in page  # not for the one who asked

    response = approver_client.post(
        reverse("disposition_decide", args=(disposition.pk,)),
        {"decision": "approve", "comment": "Agreed."},
        follow=True,
    )
    page = response.content.decode()
    assert "disposed of (archive it out of the library); its tombstone is kept" in page
    assert "REC-0001-disposition-" in page  # the archive, in the tombstones
    disposition.refresh_from_db()
    assert disposition.status == "done"

    tombstone = owner_client.get("/records/REC-0001/")
    assert tombstone.status_code == 410
    text = tombstone.content.decode()
    assert "DISPOSED OF" in text and disposition.subject_hash in text
    assert "Six years have passed." in text and "Agreed." in text
    assert "Download" not in text and "One minor nonconformity" not in text
    assert owner_client.get("/records/REC-0001/file/").status_code == 404
    register = owner_client.get("/records/").content.decode()
    assert "Disposed of" in register

    export = owner_client.get(f"{DUE}?format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:3] == ["What", "Kind", "Content hash"]
    assert rows[1][0].startswith("REC-0001") and rows[1][2] == disposition.subject_hash
    assert rows[1][7] == "approver" and rows[1][12] == disposition.seal


def test_a_legal_hold_refuses_the_request_and_the_message_says_so(
    old_record, owner, approver
):
    approver_client, owner_client = client_for(approver), client_for(owner)
    response = approver_client.post(
        reverse("legal_hold_place"),
        {"number": "rec-0001", "reason": "Claim by Northwind.", "next": "/records/"},
    )
    assert response.status_code == 302 and response["Location"] == "/records/"
    assert LegalHold.objects.get().record == old_record
    page = owner_client.get(DUE).content.decode()
    assert "Legal hold" in page and "Claim by Northwind." in page
    assert "Ask for its disposition" not in page

    response = ask(owner_client, old_record, reason="Typed with care.")
    page = response.content.decode()
    assert "A legal hold stands on it: Claim by Northwind." in page
    assert not Disposition.objects.exists()

    hold = LegalHold.objects.get()
    response = approver_client.post(
        reverse("legal_hold_release", args=(hold.pk,)), {"reason": ""}, follow=True
    )
    assert "Give the reason for releasing it." in response.content.decode()
    response = approver_client.post(
        reverse("legal_hold_release", args=(hold.pk,)),
        {"reason": "Claim settled."},
        follow=True,
    )
    assert "Legal hold released." in response.content.decode()
    assert "Ask for its disposition" in owner_client.get(DUE).content.decode()


def test_a_hold_placed_after_the_request_stops_the_approval(
    old_record, owner, approver
):
    ask(client_for(owner), old_record)
    client_for(approver).post(
        "/records/holds/", {"number": "REC-0001", "reason": "New claim."}
    )
    second = client_for(make_user("Approvers", username="approver2"))
    disposition = Disposition.objects.get()
    response = second.post(
        reverse("disposition_decide", args=(disposition.pk,)),
        {"decision": "approve", "comment": "Typed comment."},
        follow=True,
    )
    page = response.content.decode()
    assert "A legal hold stands on it: New claim." in page
    assert "Typed comment." in page  # what was typed is back in its form
    disposition.refresh_from_db()
    assert disposition.status == "requested"
    assert client_for(owner).get("/records/REC-0001/").status_code == 200


def test_refusals_are_shown_and_nothing_changes(old_record, owner, approver):
    approver_client = client_for(approver)
    response = ask(approver_client, old_record, reason="")
    assert "Give the reason for the disposition." in response.content.decode()
    ask(approver_client, old_record)
    disposition = Disposition.objects.get()
    response = approver_client.post(
        reverse("disposition_decide", args=(disposition.pk,)),
        {"decision": "approve"},
        follow=True,
    )
    assert "Someone other than the person who asked decides" in (
        response.content.decode()
    )
    response = client_for(owner).post(
        reverse("disposition_decide", args=(disposition.pk,)),
        {"decision": "refuse", "comment": "No."},
        follow=True,
    )
    assert "Only an approver decides a disposition." in response.content.decode()
    second = client_for(make_user("Approvers", username="approver2"))
    response = second.post(
        reverse("disposition_decide", args=(disposition.pk,)),
        {"decision": "refuse"},
        follow=True,
    )
    assert "Say why the disposition is refused." in response.content.decode()
    disposition.refresh_from_db()
    assert disposition.status == "requested"
    response = second.post(
        reverse("disposition_decide", args=(disposition.pk,)),
        {"decision": "refuse", "comment": "Audit next month."},
        follow=True,
    )
    assert "refused; it is kept" in response.content.decode()
    assert (
        "Audit next month."
        in client_for(owner).get("/records/REC-0001/").content.decode()
    )
    bad = second.post(
        reverse("disposition_decide", args=(disposition.pk,)), {"decision": "maybe"}
    )
    assert bad.status_code == 400


def test_a_record_still_retained_is_not_due_and_is_refused(owner):
    record = file_record(
        owner, period_start=date(2025, 1, 1), period_end=date(2025, 1, 31)
    )
    client = client_for(owner)
    assert "REC-0001" not in client.get(DUE).content.decode()
    response = ask(client, record)
    assert "It must be kept until 31 January 2031." in response.content.decode()
    assert not Disposition.objects.exists()


def test_a_superseded_issue_is_due_and_its_document_can_be_held(
    library, owner, approver
):
    policy = make_document(PolicyPage, library, owner=owner, publish=False)
    issue_up_to(policy, "2.0", date(2012, 1, 10))
    old = DocumentIssue.objects.get(document=policy, major=1)
    approver_client = client_for(approver)
    page = approver_client.get(DUE).content.decode()
    assert f"{policy.document_number} 1.0" in page
    assert f"{policy.document_number} 2.0" not in page  # the issue in force

    response = approver_client.post(
        "/records/holds/", {"number": "POL-999", "reason": "Typed reason."}, follow=True
    )
    page = response.content.decode()
    assert "No document or record is numbered POL-999." in page
    assert "Typed reason." in page and 'value="POL-999"' in page
    approver_client.post(
        "/records/holds/", {"number": policy.document_number, "reason": "Inquiry."}
    )
    assert LegalHold.objects.get().document_id == policy.pk
    response = client_for(owner).post(
        reverse("disposition_request"),
        {"kind": "issue", "item": old.pk, "method": "destroy", "reason": "Done."},
        follow=True,
    )
    assert "A legal hold stands on it: Inquiry." in response.content.decode()


def test_staff_and_reviewers_get_403_and_confidential_records_stay_hidden(
    owner, staff, reviewer, auditor
):
    secret = file_record(owner, classification="confidential", title="Zanzibar")
    for user in (staff, reviewer):
        client = client_for(user)
        assert client.get(DUE).status_code == 403
        assert client.get(f"{DUE}?format=csv").status_code == 403
        assert ask(client, secret).status_code == 403
        assert client.post("/records/holds/", {"number": "REC-0001"}).status_code == 403
    other_owner = client_for(make_user("Document owners", username="owner2"))
    assert "Zanzibar" not in other_owner.get(DUE).content.decode()
    assert ask(other_owner, secret).status_code == 404
    assert "Zanzibar" in client_for(auditor).get(DUE).content.decode()
    assert client_for(auditor).get(f"{DUE}?format=xml").status_code == 400


def test_administrators_set_retention_periods_as_snippets(admin_client, owner):
    add = reverse("wagtailsnippets_workflows_retentionperiod:add")
    assert "Retention periods" in admin_client.get("/admin/").content.decode()
    form = admin_client.get(add).content.decode()
    assert "Records: Audit programme and audit results (9.2) (default 6 years)" in form
    assert "Superseded issues of a policy (default 6 years)" in form
    assert "3 years for what it does not name" in form
    response = admin_client.post(add, {"subject": "record:audit-results", "years": "9"})
    assert response.status_code == 302
    assert RetentionPeriod.objects.get().years == 9
    listing = admin_client.get(
        reverse("wagtailsnippets_workflows_retentionperiod:list")
    ).content.decode()
    assert "Records: Audit programme and audit results (9.2)" in listing
    response = admin_client.post(add, {"subject": "record:nonsense", "years": "0"})
    assert response.status_code == 200 and RetentionPeriod.objects.count() == 1
    assert client_for(owner).get(add).status_code == 302  # not for owners
    record = file_record(owner)
    assert (
        "31 March 2024"
        in client_for(owner).get(f"/records/{record.number}/").content.decode()
    )
