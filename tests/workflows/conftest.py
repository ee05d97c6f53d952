import pytest
from django.contrib.auth.models import Group

from policies.models import PolicyPage
from tests.factories import make_document
from workflows.actions.issue import IssueRevisionAction


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
