import pytest
from django.contrib.auth.models import Group
from django.core import mail

from policies.models import SectionShare
from tests.factories import library_root, make_user
from tests.workflows.helpers import act, client_for, submit
from workflows.models import DocumentApprovalTask


@pytest.fixture
def policy(issued_policy):
    return issued_policy


def sent(capture, step):
    """Run `step`, let its transaction's e-mails go, return them by recipient."""
    mail.outbox.clear()
    with capture(execute=True):
        step()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert len(by_recipient) == len(mail.outbox), "one message per person and step"
    return by_recipient


@pytest.mark.django_db
def test_each_step_mails_the_right_people(
    policy, owner, reviewer, approver, django_capture_on_commit_callbacks
):
    other_reviewer = make_user("Reviewers")
    make_user("Staff")  # never mailed
    owner_client = client_for(owner)

    submitted = sent(
        django_capture_on_commit_callbacks, lambda: submit(owner_client, policy, owner)
    )
    assert set(submitted) == {reviewer.email, other_reviewer.email}
    message = submitted[reviewer.email]
    assert message.subject == "[POL-001] Review needed: Access policy"
    assert "POL-001 Access policy (version 1.0)" in message.body
    # The link leads to the sign-off page of the task, where nobody approves in one
    # click (it led to the editor before sign-off pages existed).
    policy.refresh_from_db()
    task_state = policy.current_workflow_task_state
    assert f"http://testserver/admin/sign-off/{task_state.pk}/" in message.body
    assert "it becomes version 1.1" in message.body

    reviewed = sent(
        django_capture_on_commit_callbacks,
        lambda: act(client_for(reviewer), policy, "approve"),
    )
    assert set(reviewed) == {approver.email}
    assert (
        reviewed[approver.email].subject == "[POL-001] Approval needed: Access policy"
    )

    approved = sent(
        django_capture_on_commit_callbacks,
        lambda: act(client_for(approver), policy, "approve"),
    )
    assert set(approved) == {owner.email}
    assert approved[owner.email].subject == (
        "[POL-001] Issued as version 1.1: Access policy"
    )
    assert f"http://testserver{policy.url}" in approved[owner.email].body


@pytest.mark.django_db
def test_changes_requested_mails_the_owner_with_the_comment(
    policy, owner, reviewer, django_capture_on_commit_callbacks
):
    submit(client_for(owner), policy, owner)
    rejected = sent(
        django_capture_on_commit_callbacks,
        lambda: act(client_for(reviewer), policy, "reject", "Fix step 2."),
    )
    assert set(rejected) == {owner.email}
    assert rejected[owner.email].subject == "[POL-001] Changes requested: Access policy"
    assert "Fix step 2." in rejected[owner.email].body


@pytest.mark.django_db
def test_named_approvers_are_asked_when_every_one_must_approve(
    policy, owner, reviewer, approver, django_capture_on_commit_callbacks
):
    DocumentApprovalTask.objects.update(require_all_named_approvers=True)
    named = make_user("Approvers")
    make_user("Approvers")  # in the group but not named: not asked
    policy.approvers.set([approver, named])
    policy.save_revision().publish(skip_permission_checks=True)
    policy.refresh_from_db()
    submit(client_for(owner), policy, owner)
    asked = sent(
        django_capture_on_commit_callbacks,
        lambda: act(client_for(reviewer), policy, "approve"),
    )
    assert set(asked) == {approver.email, named.email}


@pytest.mark.django_db
def test_an_author_of_the_draft_is_not_asked_to_review_it(
    policy, owner, django_capture_on_commit_callbacks
):
    reviewer_owner = make_user("Reviewers")
    reviewer_owner.groups.add(Group.objects.get(name="Document owners"))
    # An owner edits the documents of sections shared with them.
    SectionShare.objects.create(section=library_root(), user=reviewer_owner)
    other = make_user("Reviewers")
    asked = sent(
        django_capture_on_commit_callbacks,
        lambda: submit(client_for(reviewer_owner), policy, reviewer_owner),
    )
    assert set(asked) == {other.email}
