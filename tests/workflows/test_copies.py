"""Controlled copies (issue 14, item 3): issuing numbered copies of the issue in
force, their PDF, replacing them when a new issue comes into force, the register."""

import csv
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from policies.models import ProcedurePage
from tests.factories import make_document, make_user, new_issue
from tests.workflows.helpers import client_for
from workflows.actions.copies import (
    ConfirmExchangeAction,
    CopyRequest,
    IssueControlledCopyAction,
)
from workflows.actions.issue import IssueRevisionAction
from workflows.models import ControlledCopy, ControlledCopyExchange


def issue_copy(document, user, **to):
    return IssueControlledCopyAction(document, CopyRequest(**to), user=user).execute()


def pdf_text(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.django_db
def test_the_owner_issues_numbered_copies_to_holders_and_locations(
    issued_policy, owner, approver, staff
):
    first = issue_copy(issued_policy, owner, holder=staff)
    keeper = make_user("Staff", username="keeper")
    second = issue_copy(
        issued_policy, approver, location="site safe, Leeds", responsible=keeper
    )
    assert (first.number, second.number) == (1, 2)
    assert second.issue.label == "1.0" and second.issued_by == approver
    assert second.issued_to == "site safe, Leeds (responsible: keeper)"
    response = client_for(owner).get("/documents/POL-001/copies/")
    assert response.status_code == 200
    assert b"site safe, Leeds" in response.content
    response = client_for(owner).post(
        "/documents/POL-001/copies/", {"holder": "keeper"}
    )
    assert response.status_code == 302
    assert ControlledCopy.objects.filter(document=issued_policy).count() == 3


@pytest.mark.django_db
def test_a_copy_needs_one_holder_or_a_location_with_a_responsible(
    issued_policy, owner, staff
):
    with pytest.raises(ValidationError):
        issue_copy(issued_policy, owner)
    with pytest.raises(ValidationError):
        issue_copy(issued_policy, owner, location="Leeds")
    with pytest.raises(ValidationError):
        issue_copy(issued_policy, owner, holder=staff, location="Leeds")


@pytest.mark.django_db
def test_staff_cannot_issue_copies(issued_policy, staff, reviewer):
    for user in (staff, reviewer):
        with pytest.raises(PermissionDenied):
            issue_copy(issued_policy, user, holder=user)
        response = client_for(user).post(
            "/documents/POL-001/copies/", {"holder": user.username}
        )
        assert response.status_code == 403
    assert not ControlledCopy.objects.exists()


@pytest.mark.django_db
def test_a_confidential_document_is_not_copied_to_someone_who_may_not_read_it(
    library, owner, staff
):
    secret = make_document(
        ProcedurePage, library, owner=owner, classification="confidential"
    )
    reader = make_user("Staff", username="reader")
    secret.reader_users.set([reader])
    secret.save()
    with pytest.raises(ValidationError, match="may not read"):
        issue_copy(secret, owner, holder=staff)
    with pytest.raises(ValidationError, match="may not read"):
        issue_copy(secret, owner, location="Safe", responsible=staff)
    assert issue_copy(secret, owner, holder=reader).number == 1


@pytest.mark.django_db
def test_the_pdf_of_a_copy_says_controlled_copy(issued_policy, owner, staff, auditor):
    issue_copy(issued_policy, owner, holder=owner)
    issue_copy(issued_policy, owner, holder=staff)
    text = pdf_text(client_for(staff).get("/documents/POL-001/copies/2/pdf/"))
    assert "Controlled copy 2 of POL-001 1.0, issued to staff" in text
    assert "Uncontrolled when printed" not in text
    assert client_for(auditor).get("/documents/POL-001/copies/2/pdf/").status_code == (
        200
    )
    # Another staff member is neither holder nor owner.
    other = make_user("Staff")
    assert client_for(other).get("/documents/POL-001/copies/2/pdf/").status_code == 403
    # The issue's own PDF is still uncontrolled.
    text = pdf_text(client_for(staff).get("/documents/POL-001/v/1.0/pdf/"))
    assert "Uncontrolled when printed" in text and "Controlled copy" not in text


@pytest.mark.django_db
def test_a_new_issue_asks_holders_once_and_confirming_clears_it(
    issued_policy, owner, approver, staff, django_capture_on_commit_callbacks
):
    keeper = make_user("Staff", username="keeper")
    issue_copy(issued_policy, owner, holder=staff)
    issue_copy(issued_policy, owner, holder=staff)
    issue_copy(issued_policy, owner, location="Site safe", responsible=keeper)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new_issue(issued_policy, owner, approver)
    to_replace = [m for m in mail.outbox if "controlled copy" in m.subject]
    assert sorted(m.to[0] for m in to_replace) == [
        "keeper@example.com",
        "staff@example.com",
    ]
    staff_mail = next(m for m in to_replace if m.to == ["staff@example.com"])
    assert "1, 2" in staff_mail.body and "1.1" in staff_mail.subject
    assert not ControlledCopy.objects.filter(replace_since__isnull=True).exists()
    page = client_for(staff).get("/copies/mine/")
    assert b"To be replaced since" in page.content
    # The holder prints the replacement: the copy's PDF is of the issue in force.
    text = pdf_text(client_for(staff).get("/documents/POL-001/copies/1/pdf/"))
    assert "Controlled copy 1 of POL-001 1.1, issued to staff" in text
    register = client_for(owner).get("/copies/?outstanding=1")
    assert register.content.count(b"To be replaced since") == 3

    # Someone else may not confirm the exchange of staff's copy.
    response = client_for(keeper).post("/documents/POL-001/copies/1/exchange/")
    assert response.status_code == 403
    response = client_for(staff).post("/documents/POL-001/copies/1/exchange/")
    assert response.status_code == 302
    copy = ControlledCopy.objects.get(number=1)
    assert copy.replace_since is None and copy.issue.label == "1.1"
    exchange = ControlledCopyExchange.objects.get()
    assert (exchange.old_issue.label, exchange.new_issue.label) == ("1.0", "1.1")
    with pytest.raises(ValidationError):
        exchange.delete()
    with pytest.raises(ValidationError):  # already current
        ConfirmExchangeAction(copy, user=staff).execute()
    assert ControlledCopy.objects.filter(replace_since__isnull=False).count() == 2

    # A further issue marks only what is not marked yet, and mails again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new_issue(issued_policy, owner, approver, purpose="Third purpose.")
    assert len([m for m in mail.outbox if "controlled copy" in m.subject]) == 1


@pytest.mark.django_db
def test_the_audit_log_records_copies_and_exchanges(
    issued_policy, owner, approver, staff
):
    from wagtail.models import PageLogEntry

    copy = issue_copy(issued_policy, owner, holder=staff)
    new_issue(issued_policy, owner, approver)
    ConfirmExchangeAction(ControlledCopy.objects.get(pk=copy.pk), user=staff).execute()
    actions = set(
        PageLogEntry.objects.filter(page=issued_policy).values_list("action", flat=True)
    )
    assert {"itsms.copy_issued", "itsms.copy_exchanged"} <= actions
    entry = PageLogEntry.objects.get(action="itsms.copy_issued")
    assert "Issued controlled copy 1 of version 1.0" in entry.message


def register_csv(client, query=""):
    response = client.get(f"/copies/?format=csv{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_register_is_for_owners_approvers_and_auditors(
    issued_policy, owner, approver, auditor, staff, reviewer
):
    issue_copy(issued_policy, owner, location="=HYPERLINK()", responsible=staff)
    for user in (owner, approver, auditor):
        rows = register_csv(client_for(user))
        assert rows[0][:4] == ["Document", "Title", "Version", "Copy"]
        assert rows[1][:4] == ["POL-001", "Access policy", "1.0", "1"]
        assert rows[1][4].startswith("'=")  # never a formula
        assert rows[1][7] == "Current"
    for user in (staff, reviewer):
        assert client_for(user).get("/copies/").status_code == 403
    assert register_csv(client_for(owner), "&outstanding=1")[1:] == []


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 50])
def test_register_queries_do_not_grow_with_copies(
    issued_policy, owner, approver, auditor, count, django_assert_max_num_queries
):
    holders = [make_user("Staff") for _ in range(5)]
    for n in range(count):
        issue_copy(issued_policy, owner, holder=holders[n % 5])
    new_issue(issued_policy, owner, approver)
    client = client_for(auditor)
    client.get("/copies/")  # warm the session and caches
    with django_assert_max_num_queries(12):
        assert len(register_csv(client)) == count + 1
    with django_assert_max_num_queries(14):
        response = client.get("/copies/")
        assert response.content.count(b"To be replaced since") == count


@pytest.mark.django_db
def test_the_history_shows_copies_to_the_owner_not_to_staff(
    issued_policy, owner, staff
):
    issue_copy(issued_policy, owner, location="Site safe, Leeds", responsible=staff)
    page = client_for(owner).get("/documents/POL-001/history/")
    assert b"Controlled copies" in page.content
    assert b"Site safe, Leeds" in page.content
    page = client_for(staff).get("/documents/POL-001/history/")
    assert b"Site safe, Leeds" not in page.content


@pytest.mark.django_db
def test_a_holder_no_longer_among_the_readers_is_not_mailed(
    library, owner, approver, django_capture_on_commit_callbacks
):
    secret = make_document(
        ProcedurePage, library, owner=owner, classification="confidential"
    )
    reader = make_user("Staff", username="reader")
    secret.reader_users.set([reader])
    secret.save()
    issue_copy(secret, owner, holder=reader)
    page = client_for(reader).get("/copies/mine/")
    assert secret.document_number.encode() in page.content
    draft = secret.get_latest_revision_as_object()
    draft.reader_users.set([])
    draft.purpose = "For fewer readers."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        IssueRevisionAction(
            draft.save_revision(user=owner),
            user=approver,
            significance="minor",
            change_summary="Fewer readers.",
            sign_offs=[],
        ).execute()
    assert not [m for m in mail.outbox if "controlled copy" in m.subject]
    page = client_for(reader).get("/copies/mine/")
    assert secret.document_number.encode() not in page.content
