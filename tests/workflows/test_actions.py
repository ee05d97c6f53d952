"""One answer to "may this user do this now": the action's own check decides what
the document page, the admin header and the action itself allow, and the restart of
review has one path whose effect the editor is told about."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from policies.models import DocumentLibraryPage, PolicyPage
from tests.factories import make_document, make_user
from tests.workflows.helpers import act, client_for, edit_data, submit
from workflows.actions.restart import LOG_ACTION as RESTART


def page_links(client, document):
    page = BeautifulSoup(client.get(document.url).content, "html.parser")
    return [a.get_text() for a in page.select(".document-actions a")]


def header_buttons(client, document):
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(document.pk,)))
    return edit.content.decode()


@pytest.fixture
def finance():
    group = Group.objects.create(name="Finance approvers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@pytest.mark.django_db
def test_whoever_may_approve_a_document_may_withdraw_it_and_no_one_else(
    library, owner, approver, finance
):
    """An approver of a document is whoever may approve its next issue; the same
    people, and only they, withdraw it (docs/decisions/0004)."""
    finance_approver = make_user("Finance approvers")
    budget = make_document(PolicyPage, library, owner=owner, approving_group=finance)

    assert page_links(client_for(approver), budget) == []
    refused = client_for(approver).post(
        reverse("document_action", args=(budget.pk, "withdraw")), {"reason": "Mine?"}
    )
    assert refused["Location"] == reverse("wagtailadmin_home"), "refused"
    budget.refresh_from_db()
    assert not budget.withdrawn

    finance_client = client_for(finance_approver)
    assert page_links(finance_client, budget) == ["Withdraw this document"]
    done = finance_client.post(
        reverse("document_action", args=(budget.pk, "withdraw")),
        {"reason": "Budget moved to the SMP."},
    )
    assert done.status_code == 302
    budget.refresh_from_db()
    assert budget.withdrawn


@pytest.mark.django_db
def test_the_editor_header_offers_what_the_check_allows(issued_policy, owner, approver):
    assert "Record review: no change needed" in header_buttons(
        client_for(owner), issued_policy
    )
    client_for(owner).post(
        reverse("document_action", args=(issued_policy.pk, "record-review")),
        {"reason": "Still right."},
    )
    # Recorded once: it now awaits an approver, so the owner is not offered it again
    # and the approver is offered the confirmation.
    assert "Record review: no change needed" not in header_buttons(
        client_for(owner), issued_policy
    )
    assert page_links(client_for(approver), issued_policy) == [
        "Withdraw this document",
        "Confirm its periodic review",
    ]


@pytest.mark.django_db
def test_an_edit_during_approval_tells_the_editor_that_review_restarts(
    issued_policy, owner, reviewer
):
    submit(client_for(owner), issued_policy, owner)
    response = client_for(reviewer).post(
        reverse("wagtailadmin_pages:edit", args=(issued_policy.pk,)),
        edit_data(issued_policy, owner, purpose="Reviewer's wording."),
    )
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("The draft changed during approval" in m for m in warnings), warnings
    issued_policy.refresh_from_db()
    assert PageLogEntry.objects.filter(
        page=issued_policy, action=RESTART, revision=issued_policy.latest_revision
    ).exists(), "the audit log says why the workflow started again"


@pytest.mark.django_db
def test_a_library_section_goes_through_approval_with_wagtails_own_mail(
    library, owner, reviewer, approver, django_capture_on_commit_callbacks
):
    section = DocumentLibraryPage(title="Finance section", slug="finance", live=False)
    library.add_child(instance=section)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(owner).post(
            reverse("wagtailadmin_pages:edit", args=(section.pk,)),
            nested_form_data(
                {
                    "title": "Finance section",
                    "slug": "finance",
                    "intro": rich_text(""),
                    "comments": inline_formset([]),
                    "action-submit": "Submit",
                }
            ),
        )
    to_reviewer = [m for m in mail.outbox if m.to == [reviewer.email]]
    assert len(to_reviewer) == 1
    assert "Finance section" in to_reviewer[0].subject
    assert not to_reviewer[0].subject.startswith("["), "Wagtail's, not ours"

    for person in (reviewer, approver):
        act(client_for(person), section, "approve")
    section.refresh_from_db()
    assert section.live, "the section is published on approval, with no issue record"
