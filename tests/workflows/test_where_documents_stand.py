"""Everyone sees where a document stands: owners on their dashboard and in the
library, approvers the periodic reviews waiting for them."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from tests.workflows.helpers import act, client_for, submit
from workflows.actions.review import RecordReviewAction


def owner_dashboard_state(owner, document):
    page = BeautifulSoup(
        client_for(owner).get(reverse("wagtailadmin_home")).content, "html.parser"
    )
    for row in page.select("#my-controlled-documents-section tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
        if cells[0] == document.document_number:
            return cells[4]
    raise AssertionError(f"{document.document_number} not on the dashboard")


@pytest.mark.django_db
def test_the_owner_follows_a_change_through_approval(
    issued_policy, owner, reviewer, approver
):
    assert owner_dashboard_state(owner, issued_policy) == "Approved"
    submit(client_for(owner), issued_policy, owner)
    assert owner_dashboard_state(owner, issued_policy) == "In review"
    act(client_for(reviewer), issued_policy, "approve")
    assert owner_dashboard_state(owner, issued_policy) == "Awaiting approval"
    act(client_for(approver), issued_policy, "reject", "Name the data owner.")
    assert owner_dashboard_state(owner, issued_policy) == (
        "Changes requested by approver: “Name the data owner.”"
    )


@pytest.mark.django_db
def test_the_library_shows_approval_states_to_owners_not_staff(
    issued_policy, owner, staff_client, library
):
    submit(client_for(owner), issued_policy, owner)

    def headers(client):
        page = BeautifulSoup(client.get(library.url).content, "html.parser")
        return [th.get_text(strip=True) for th in page.select("thead th")]

    assert headers(client_for(owner))[-1] == "Approval"
    assert "In review" in client_for(owner).get(library.url).content.decode()
    assert "Approval" not in headers(staff_client)


@pytest.mark.django_db
def test_a_recorded_review_reaches_the_approvers(
    issued_policy, owner, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        RecordReviewAction(
            issued_policy, user=owner, reason="Still matches the SMP."
        ).execute()
    to_approver = [m for m in mail.outbox if m.to == [approver.email]]
    assert len(to_approver) == 1
    assert to_approver[0].subject == "[POL-001] Review to confirm: Access policy"
    assert "Still matches the SMP." in to_approver[0].body
    dashboard = BeautifulSoup(
        client_for(approver).get(reverse("wagtailadmin_home")).content,
        "html.parser",
    )
    panel = dashboard.select_one("#reviews-to-confirm-section")
    assert panel is not None and "POL-001" in panel.get_text()
