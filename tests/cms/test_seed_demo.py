import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Revision

from policies.models import ControlledDocumentPage
from workflows.models import DocumentIssue

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
]


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
    for username, group in expected.items():
        assert list(users[username].groups.values_list("name", flat=True)) == [group]
        assert users[username].check_password("itsms-demo-2026")


@pytest.mark.django_db
def test_seed_demo_issues_a_realistic_library_live_as_version_1_0(seeded, client):
    documents = list(ControlledDocumentPage.objects.live().specific())
    titles = " | ".join(d.title.lower() for d in documents)
    for required in REQUIRED_TITLES:
        assert required in titles, required
    # Read as the auditor: two demo documents are confidential, closed to staff.
    client.force_login(get_user_model().objects.get(username="auditor"))
    for document in documents:
        assert document.current_version_label == "1.0"
        issue = document.issues.get()
        assert (issue.label, issue.revision_id) == ("1.0", document.live_revision_id)
        assert issue.effective_from == document.effective_date
        assert document.document_owner.username == "owner"
        assert document.clauses.exists(), document.title
        assert document.next_review_due > document.effective_date
        assert not document.has_unpublished_changes
        text = client.get(document.url).content.decode()
        words = len(re.sub(r"<[^>]+>", " ", text).split())
        # An external document's substance is its attached file.
        minimum = 300 if document.number_prefix == "EXT" else 600
        assert words > minimum, f"{document.title} has only {words} words"
    types = {d.document_number.split("-")[0] for d in documents}
    assert types == {"SMP", "POL", "PROC", "PRC", "WI", "EXT"}


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
