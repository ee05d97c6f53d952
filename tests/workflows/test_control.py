from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from policies.dates import add_months
from policies.models import PolicyPage
from tests.factories import make_document, make_user
from tests.workflows.helpers import client_for, edit_data, submit
from workflows.actions.review import ConfirmReviewAction, RecordReviewAction
from workflows.actions.withdrawal import WithdrawDocumentAction
from workflows.models import ControlEvent


@pytest.fixture
def policy(issued_policy):
    return issued_policy


def action_url(document, action):
    return reverse("document_action", args=(document.pk, action))


@pytest.mark.django_db
def test_an_approver_withdraws_a_document_with_a_reason(
    policy, approver, staff_client, library
):
    response = client_for(approver).post(
        action_url(policy, "withdraw"), {"reason": "Replaced by POL-002."}
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.withdrawn and not policy.live
    assert staff_client.get(policy.url).status_code == 404
    # The permalink says it is gone, when, by whom and why (it was a bare 404).
    gone = staff_client.get("/documents/POL-001/")
    assert gone.status_code == 410
    banner = BeautifulSoup(gone.content, "html.parser").select_one("[role=note]")
    assert "Replaced by POL-002." in banner.get_text()
    assert approver.get_username() in banner.get_text()
    assert "POL-001" not in staff_client.get(library.url).content.decode()
    assert policy.issues.count() == 1, "its issues stay in its history"
    event = ControlEvent.objects.get(kind="withdrawn")
    assert (event.user, event.comment) == (approver, "Replaced by POL-002.")
    entry = PageLogEntry.objects.get(page=policy, action="itsms.withdraw")
    assert entry.message == "Withdrawn: Replaced by POL-002."


@pytest.mark.django_db
def test_withdrawal_needs_a_reason_and_an_approver(policy, owner, approver):
    response = client_for(approver).post(
        action_url(policy, "withdraw"), {"reason": " "}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        WithdrawDocumentAction(policy, user=owner, reason="I want it gone.").execute()
    policy.refresh_from_db()
    assert policy.live and not policy.withdrawn


@pytest.mark.django_db
def test_a_withdrawn_document_cannot_be_edited_until_reinstated(
    policy, owner, approver
):
    WithdrawDocumentAction(policy, user=approver, reason="Obsolete.").execute()
    owner_client = client_for(owner)
    edit_url = reverse("wagtailadmin_pages:edit", args=(policy.pk,))
    assert owner_client.get(edit_url).status_code == 302
    owner_client.post(edit_url, edit_data(policy, owner, purpose="Sneaked in."))
    assert not Revision.objects.filter(
        object_id=str(policy.pk), content__purpose="Sneaked in."
    ).exists()
    draft = policy.get_latest_revision_as_object()
    draft.purpose = "Changed in code."
    with pytest.raises(ValidationError):
        draft.save_revision(user=owner)

    response = client_for(approver).post(
        action_url(policy, "reinstate"), {"reason": "Still needed for Site B."}
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert not policy.withdrawn
    # Reinstating makes the last issue current again (it published nothing before).
    assert policy.live and policy.current_version_label == "1.0"
    assert policy.live_revision_id == policy.issues.get().revision_id
    assert owner_client.get(edit_url).status_code == 200
    assert PageLogEntry.objects.filter(page=policy, action="itsms.reinstate").exists()


@pytest.mark.django_db
def test_withdrawing_during_approval_cancels_the_workflow(policy, owner, approver):
    submit(client_for(owner), policy, owner)
    WithdrawDocumentAction(policy, user=approver, reason="Superseded.").execute()
    policy.refresh_from_db()
    assert not policy.workflow_in_progress


@pytest.mark.django_db
def test_reviewed_no_change_needed_is_confirmed_by_an_approver(policy, owner, approver):
    issues_before = policy.issues.count()
    response = client_for(owner).post(
        action_url(policy, "record-review"), {"reason": "Checked against the SMP."}
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.next_review_due == add_months(policy.effective_date, 12)

    assert (
        client_for(approver)
        .post(action_url(policy, "confirm-review"), {"reason": "Agreed."})
        .status_code
        == 302
    )
    policy.refresh_from_db()
    assert policy.next_review_due == add_months(timezone.localdate(), 12)
    assert policy.issues.count() == issues_before, "no new version"
    assert policy.current_version_label == "1.0"
    kinds = list(policy.control_events.values_list("kind", flat=True))
    assert kinds == ["review_recorded", "review_confirmed"]


@pytest.mark.django_db
def test_review_records_are_refused_to_the_wrong_people(policy, owner, approver):
    with pytest.raises(PermissionDenied):
        RecordReviewAction(
            policy, user=approver, reason="Not mine to review."
        ).execute()
    RecordReviewAction(policy, user=owner, reason="Fine.").execute()
    with pytest.raises(PermissionDenied):
        ConfirmReviewAction(policy, user=owner).execute()
    with pytest.raises(ValidationError):
        RecordReviewAction(policy, user=owner, reason="Again.").execute()


@pytest.mark.django_db
def test_reviews_due_panel_and_report_list_overdue_and_soon_due(
    library, owner, approver
):
    today = timezone.localdate()
    overdue = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Overdue policy",
        next_review_due=today - timedelta(days=3),
    )
    soon = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Soon policy",
        next_review_due=today + timedelta(days=20),
    )
    later = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Later policy",
        next_review_due=today + timedelta(days=90),
    )
    for client in (client_for(owner), client_for(approver)):
        dashboard = BeautifulSoup(
            client.get(reverse("wagtailadmin_home")).content, "html.parser"
        )
        panel = dashboard.select_one("#reviews-due-section").get_text()
        report = client.get(reverse("reviews_due_report")).content.decode()
        for page in (panel, report):
            assert overdue.title in page and soon.title in page
            assert later.title not in page
            assert "Overdue" in page


@pytest.mark.django_db
def test_review_reminders_go_to_each_owner_once_a_day(library, owner):
    today = timezone.localdate()
    other_owner = make_user("Document owners")
    for who, due in [(owner, -1), (owner, 10), (other_owner, 5), (other_owner, 60)]:
        make_document(
            PolicyPage, library, owner=who, next_review_due=today + timedelta(days=due)
        )
    call_command("send_review_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [owner.email, other_owner.email]
    )
    to_owner = next(m for m in mail.outbox if m.to == [owner.email])
    assert to_owner.subject == "2 document(s) due for review"
    assert "OVERDUE" in to_owner.body
    call_command("send_review_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2, "at most one reminder a day"


@pytest.mark.django_db
def test_withdrawal_notifies_the_owner(
    policy, owner, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        WithdrawDocumentAction(policy, user=approver, reason="Obsolete.").execute()
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert mail.outbox[0].subject == "[POL-001] Withdrawn: Access policy"
    assert "Obsolete." in mail.outbox[0].body


@pytest.mark.django_db
def test_document_page_offers_each_person_their_control_actions(
    policy, owner, approver, staff_client
):
    def links(user):
        page = BeautifulSoup(client_for(user).get(policy.url).content, "html.parser")
        return [a.get_text() for a in page.select(".document-actions a")]

    assert links(approver) == ["Withdraw this document"]
    assert links(owner) == ["Record review: no change needed"]
    assert (
        BeautifulSoup(staff_client.get(policy.url).content, "html.parser").select(
            ".document-actions"
        )
        == []
    )


@pytest.mark.django_db
def test_approvers_find_withdrawn_documents_and_reinstate_them_from_a_report(
    policy, approver, owner
):
    WithdrawDocumentAction(policy, user=approver, reason="Obsolete.").execute()
    report = client_for(approver).get(reverse("withdrawn_documents_report"))
    page = BeautifulSoup(report.content, "html.parser")
    link = page.select_one("table a.button")
    assert "POL-001" in page.get_text()
    assert link["href"] == action_url(policy, "reinstate")
    owner_view = BeautifulSoup(
        client_for(owner).get(reverse("withdrawn_documents_report")).content,
        "html.parser",
    )
    assert owner_view.select("table a.button") == [], "only approvers reinstate"
