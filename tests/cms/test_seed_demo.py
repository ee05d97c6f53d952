import re
from datetime import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Revision

from policies.models import ControlledDocumentPage, ExternalDocumentPage
from workflows.models import DocumentIssue, Record

REQUIRED_TITLES = [
    "service management plan",
    "service management policy",
    "change management policy",
    "information security policy",
    "continuity plan",
    "incident management",
    "service request",
    "problem management",
    "change management procedure",
    "release and deployment",
    "configuration management",
    "service level management",
    "capacity management",
    "supplier management",
    "internal audit",
    "service catalogue",
    "service level agreement",
    "service requirements",
    "operational level agreement",
    "risk",
    "capacity plan",
    "budgeting and accounting",
    "major incident procedure",
]
# Documents with a history: several issues, so that history and diff show something.
WITH_HISTORY = {"POL-001", "PRC-004", "PRC-009", "PRC-013", "PRC-014", "AGR-001"}


def snapshot():
    documents = ControlledDocumentPage.objects.order_by("document_number")
    return {
        "documents": list(
            documents.values_list(
                "document_number", "title", "live", "current_version_label"
            )
        ),
        "pages": list(Page.objects.values_list("url_path", "live")),
        "files": list(get_document_model().objects.values_list("title", "file")),
        "revisions": Revision.objects.count(),
        "issues": list(DocumentIssue.objects.values_list("pk", "chain_hash")),
        "log entries": PageLogEntry.objects.count(),
        "records": list(Record.objects.values_list("number", "chain_hash")),
        "users": list(get_user_model().objects.values_list("username", "password")),
    }


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0, stdout=StringIO())


@pytest.mark.django_db
def test_seed_demo_creates_the_role_users(seeded):
    users = {u.username: u for u in get_user_model().objects.all()}
    expected = {
        "owner": "Document owners",
        "reviewer": "Reviewers",
        "approver": "Approvers",
        "auditor": "Auditors",
        "staff": "Staff",
    }
    expected.update(
        dict.fromkeys(["carlos", "ingrid", "leah", "connor"], "Document owners")
    )
    for username, group in expected.items():
        assert list(users[username].groups.values_list("name", flat=True)) == [group]
        assert users[username].check_password("itsms-demo-2026")


@pytest.mark.django_db
def test_seed_demo_issues_a_realistic_library_with_its_history(seeded, client):
    documents = list(ControlledDocumentPage.objects.live().specific())
    titles = " | ".join(d.title.lower() for d in documents)
    for required in REQUIRED_TITLES:
        assert required in titles, required
    # Read as the auditor: two demo documents are confidential, closed to staff.
    client.force_login(get_user_model().objects.get(username="auditor"))
    owners = set()
    for document in documents:
        issues = list(document.issues.order_by("major", "minor"))
        if document.document_number in WITH_HISTORY:
            assert len(issues) > 1, document.document_number
        else:
            assert [issue.label for issue in issues] == ["1.0"]
        latest = issues[-1]
        assert document.current_version_label == latest.label
        assert latest.revision_id == document.live_revision_id
        assert latest.effective_from == document.effective_date
        assert [i.effective_from for i in issues] == sorted(
            i.effective_from for i in issues
        )
        for issue in issues:
            # A reviewer, then an approver, on working days before it took effect.
            roles = [(s["role"], s["username"]) for s in issue.sign_offs]
            assert roles == [("reviewer", "reviewer"), ("approver", "approver")]
            for sign_off in issue.sign_offs:
                signed = datetime.fromisoformat(sign_off["at"])
                assert signed.date() < issue.effective_from
                assert signed.weekday() < 5 and 9 <= signed.hour < 17
        owners.add(document.document_owner.username)
        assert document.clauses.exists(), document.title
        assert document.next_review_due > document.effective_date
        assert not document.has_unpublished_changes
        text = client.get(document.url).content.decode()
        words = len(re.sub(r"<[^>]+>", " ", text).split())
        # An external document's substance is its attached file.
        minimum = 300 if document.number_prefix == "EXT" else 600
        assert words > minimum, f"{document.title} has only {words} words"
    assert len(owners) >= 6
    types = {d.document_number.split("-")[0] for d in documents}
    assert types == {"SMP", "POL", "PROC", "PRC", "WI", "PLN", "AGR", "CAT", "EXT"}


@pytest.mark.django_db
def test_the_demo_files_records_that_verify(seeded):
    records = Record.objects.order_by("number")
    assert records.count() == 6
    assert {record.kind.code for record in records} >= {
        "audit-results",
        "management-review-results",
        "continuity-test-results",
        "improvement-opportunities",
    }
    out = StringIO()
    call_command("verify_document_chain", stdout=out)
    assert "6 record(s)" in out.getvalue()


@pytest.mark.django_db
def test_an_external_document_is_in_force_only_after_it_was_received(seeded):
    for document in ExternalDocumentPage.objects.live():
        assert document.date_received < document.effective_date


@pytest.mark.django_db
def test_the_demo_bodies_keep_their_block_and_list_item_ids(seeded):
    """Stored as the editor stores them: a draft save then finds the same blocks
    (and Wagtail's reference index the same rows) instead of new ids each time."""
    procedure = ControlledDocumentPage.objects.get(
        slug="incident-management-procedure"
    ).specific
    first = procedure.body.get_prep_value()
    again = type(procedure).objects.get(pk=procedure.pk).body.get_prep_value()
    assert first == again
    steps = [block for block in first if block["type"] == "steps"]
    assert steps and all(item.get("id") for item in steps[0]["value"]["steps"])


@pytest.mark.django_db
def test_running_seed_demo_twice_changes_nothing(seeded):
    before = snapshot()
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    assert snapshot() == before


@pytest.mark.django_db
def test_seed_demo_password_option(db):
    call_command("seed_demo", password="another-pass-123", stdout=StringIO())
    assert (
        get_user_model()
        .objects.get(username="auditor")
        .check_password("another-pass-123")
    )
