import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from policies.models import PolicyPage
from tests.factories import library_root, make_document, make_user
from workflows.actions.issue import IssueRevisionAction


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RECORDS_ARCHIVE_ROOT = tmp_path / "archive"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as the database is empty of its data."""
    cache.clear()


@pytest.fixture
def library(db):
    return library_root()


@pytest.fixture
def owner(db):
    return make_user(
        "Document owners", username="owner", first_name="Olivia", last_name="Owens"
    )


@pytest.fixture
def reviewer(db):
    return make_user("Reviewers", username="reviewer")


@pytest.fixture
def approver(db):
    return make_user("Approvers", username="approver")


@pytest.fixture
def auditor(db):
    return make_user("Auditors", username="auditor")


@pytest.fixture
def staff(db):
    return make_user("Staff", username="staff")


@pytest.fixture
def staff_client(staff):
    client = Client()  # its own session, so a test can use several users at once
    client.force_login(staff)
    return client


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def issued_policy(library, owner, approver):
    """POL-001 "Access policy", owned by `owner`, live as issue 1.0, approved by
    any member of Approvers."""
    policy = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Access policy",
        purpose="Original purpose.",
        approving_group=Group.objects.get(name="Approvers"),
        publish=False,
    )
    IssueRevisionAction(
        policy.save_revision(user=owner),
        user=approver,
        significance="major",
        change_summary="First issue",
        sign_offs=[],
    ).execute()
    policy.refresh_from_db()
    return policy
