"""Sign-off that means something: on its own page, with a password, a meaning and
the content hash signed; by each person once; never in one click; never for a
draft that changes nothing."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import streamfield

from policies.models import PolicyPage
from tests.factories import make_document, make_user
from tests.workflows.helpers import (
    act,
    assert_refused,
    client_for,
    edit_data,
    sign_off_url,
    submit,
)
from workflows.actions.issue import IssueRevisionAction
from workflows.models import DocumentIssue, SignOff


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def submitted(issued_policy, owner):
    submit(
        client_for(owner),
        issued_policy,
        owner,
        purpose="Original purpose. Access is reviewed every quarter.",
        summary="Quarterly access reviews.",
        body=streamfield([]),
        clauses=[],
    )
    issued_policy.refresh_from_db()
    return issued_policy


@pytest.mark.django_db
def test_the_sign_off_page_shows_what_will_be_signed(submitted, reviewer):
    page = soup(client_for(reviewer).get(sign_off_url(submitted)))
    facts = page.select_one(".sign-off__facts").get_text(" ", strip=True)
    assert "POL-001 Access policy" in facts
    assert "In force now version 1.0" in facts
    assert "Will become version 1.1 (Minor change)" in facts
    assert "Quarterly access reviews." in facts
    assert "Submitted by Olivia Owens" in facts
    assert "Your signature means Reviewed for accuracy and suitability" in facts
    changes = page.select_one(".sign-off__changes")
    assert [ins.get_text() for ins in changes.select("dd ins")] == [
        " Access is reviewed every quarter."
    ]
    assert changes.select("dd del") == []
    assert "No change to the content." in changes.get_text()
    assert page.select_one("input[type=password]") is not None


@pytest.mark.django_db
def test_a_signature_records_its_meaning_authority_name_and_the_hash_signed(
    submitted, reviewer, approver
):
    reviewer.first_name, reviewer.last_name = "Ravi", "Raman"
    reviewer.save()
    act(client_for(reviewer), submitted, "approve", "Reads well.")
    act(client_for(approver), submitted, "approve")
    issue = DocumentIssue.objects.get(document=submitted, minor=1)
    review, approval = issue.sign_offs
    assert (review["name"], review["signed_as"], review["meaning"]) == (
        "Ravi Raman",
        "Reviewers",
        "Reviewed for accuracy and suitability",
    )
    assert (approval["signed_as"], approval["meaning"]) == (
        "Approvers",
        "Approved for issue",
    )
    assert review["content_hash"] == approval["content_hash"] == issue.content_hash


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["", "not-my-password"])
def test_without_the_right_password_nothing_is_signed(submitted, reviewer, password):
    response = act(client_for(reviewer), submitted, "approve", password=password)
    assert response.status_code == 200
    assert "password" in soup(response).select_one("form").get_text().lower()
    assert not SignOff.objects.exists()
    submitted.refresh_from_db()
    assert submitted.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.django_db
def test_nobody_signs_one_revision_twice(submitted, owner):
    both = make_user("Reviewers", username="both")
    both.groups.add(Group.objects.get(name="Approvers"))
    act(client_for(both), submitted, "approve")
    assert SignOff.objects.filter(user=both).count() == 1
    assert_refused(act(client_for(both), submitted, "approve"))
    assert SignOff.objects.filter(user=both).count() == 1
    page = soup(client_for(both).get(sign_off_url(submitted)))
    assert "already signed this draft in another step" in page.get_text()
    assert page.select_one("form.sign-off__form") is None


@pytest.mark.django_db
def test_wagtails_one_click_approval_is_gone_from_every_route(
    submitted, reviewer, approver
):
    reviewer_client = client_for(reviewer)
    task_state = submitted.current_workflow_task_state
    one_click = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(submitted.pk, "approve", task_state.pk),
    )
    reviewer_client.post(one_click, {"comment": ""})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not SignOff.objects.exists()

    dashboard = soup(reviewer_client.get(reverse("wagtailadmin_home")))
    assert dashboard.select('[data-workflow-action-name="approve"]') == []
    assert dashboard.select_one(f'a[href="{sign_off_url(submitted)}"]') is not None
    editor = reviewer_client.get(
        reverse("wagtailadmin_pages:edit", args=(submitted.pk,))
    )
    editor = soup(editor)
    assert editor.select('[data-workflow-action-name="approve"]') == []
    assert editor.select_one(f'a[href="{sign_off_url(submitted)}"]') is not None


@pytest.mark.django_db
def test_a_submission_that_changes_nothing_is_refused(submitted, reviewer, approver):
    act(client_for(reviewer), submitted, "approve")
    act(client_for(approver), submitted, "approve")
    submitted.refresh_from_db()
    assert submitted.current_version_label == "1.1"
    owner = submitted.document_owner
    response = submit(
        client_for(owner),
        submitted,
        owner,
        purpose=submitted.purpose,
        body=streamfield([]),
        clauses=[],
    )
    assert response.status_code == 200
    assert "Nothing to approve" in response.content.decode()
    submitted.refresh_from_db()
    assert not submitted.workflow_in_progress


@pytest.mark.django_db
def test_issuing_content_identical_to_the_issue_in_force_is_refused(
    issued_policy, approver
):
    with pytest.raises(Exception, match="Nothing to issue"):
        IssueRevisionAction(
            issued_policy.save_revision(),
            user=approver,
            significance="major",
            change_summary="2.0 with nothing new",
            sign_offs=[],
        ).execute()
    assert issued_policy.issues.count() == 1


@pytest.mark.django_db
def test_changes_are_requested_with_a_comment_and_a_signature(submitted, reviewer):
    response = act(client_for(reviewer), submitted, "reject", comment="")
    assert response.status_code == 200
    assert "Say what must change" in response.content.decode()
    act(client_for(reviewer), submitted, "reject", comment="Add the owner.")
    submitted.refresh_from_db()
    assert submitted.current_workflow_state.status == "needs_changes"


@pytest.mark.django_db
def test_an_approver_who_edits_is_told_and_cannot_sign(
    submitted, owner, reviewer, approver
):
    act(client_for(reviewer), submitted, "approve")
    approver_client = client_for(approver)
    editor = approver_client.get(
        reverse("wagtailadmin_pages:edit", args=(submitted.pk,))
    )
    assert "makes you an author of this draft" in editor.content.decode()
    approver_client.post(
        reverse("wagtailadmin_pages:edit", args=(submitted.pk,)),
        edit_data(submitted, owner, purpose="Approver's wording."),
    )
    submitted.refresh_from_db()
    assert submitted.current_workflow_task_state.task.name == "Review"


# Measured at 36 on SQLite: session and user, the task state, task and revision,
# the page and its parent, the issue in force and its revision, the reader's
# groups, staleness, earlier sign-offs, the draft's authors, the authority of the
# issue in force, the admin menu; none per block.
SIGN_OFF_PAGE_BUDGET = 40


@pytest.mark.django_db
def test_the_sign_off_page_costs_the_same_queries_at_1_or_50_blocks(
    library, owner, reviewer, django_assert_max_num_queries
):
    counts = []
    for size in (1, 1, 50):
        document = make_document(
            PolicyPage,
            library,
            owner=owner,
            approving_group=Group.objects.get(name="Approvers"),
        )
        draft = document.get_latest_revision_as_object()
        draft.body = [
            (
                "section",
                {"heading": f"Part {n}", "body": RichText(f"<p>Text {n}.</p>")},
            )
            for n in range(size)
        ]
        draft.change_summary, draft.significance = "Parts.", "minor"
        draft.save_revision(user=owner)
        document.get_workflow().start(document, owner)
        url, reviewer_client = sign_off_url(document), client_for(reviewer)
        with django_assert_max_num_queries(SIGN_OFF_PAGE_BUDGET) as queries:
            page = reviewer_client.get(url)
        assert page.status_code == 200
        assert page.content.decode().count("diff-block--added") == size
        counts.append(len(queries))
    assert counts[1] == counts[2]


@pytest.mark.django_db
def test_a_stuck_approval_is_explained_and_recoverable(
    submitted, owner, reviewer, approver, django_capture_on_commit_callbacks
):
    """The only approver corrected a sentence during approval: they became an
    author (right), review started again, and when the draft reached approval
    nobody was left to sign. The owner and the approver are told how to go on,
    and a newly added approver can sign without resubmission."""
    act(client_for(reviewer), submitted, "approve")
    client_for(approver).post(
        reverse("wagtailadmin_pages:edit", args=(submitted.pk,)),
        edit_data(submitted, owner, purpose="Approver's correction."),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client_for(reviewer), submitted, "approve")
    stuck = [m for m in mail.outbox if "Nobody left to sign" in m.subject]
    assert sorted(m.to[0] for m in stuck) == sorted([owner.email, approver.email])
    page = client_for(approver).get(sign_off_url(submitted)).content.decode()
    assert "You wrote or edited this draft" in page
    assert "Nobody may sign this step" in page

    newcomer = make_user("Approvers", username="newcomer")
    act(client_for(newcomer), submitted, "approve")
    submitted.refresh_from_db()
    assert submitted.current_version_label == "1.1"


@pytest.mark.django_db
def test_wagtails_compare_links_work_for_reviewers_and_approvers(
    submitted, reviewer, approver, staff
):
    url = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=(submitted.pk, "live", submitted.get_latest_revision().pk),
    )
    for person in (reviewer, approver):
        response = client_for(person).get(url)
        assert response.status_code == 200
        inserted = [ins.get_text() for ins in soup(response).select("dd ins")]
        assert inserted == [" Access is reviewed every quarter."]
    assert client_for(staff).get(url).status_code != 200
