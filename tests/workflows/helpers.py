"""Driving the approval workflow through the Wagtail admin, as people do."""

from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, document_form
from workflows.actions.issue import IssueRevisionAction


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def edit_data(document, owner, **overrides):
    """The editor's form for `document`, with a change to approve: its purpose
    revised unless `purpose` is given."""
    data = document_form(
        owner,
        title=document.title,
        slug=document.slug,
        purpose=overrides.pop("purpose", f"{document.purpose} Revised."),
        **overrides,
    )
    data["approvers"] = [a.pk for a in document.approvers.all()]
    if document.approving_group_id:
        data["approving_group"] = document.approving_group_id
    return data


def submit(
    client,
    document,
    owner,
    summary="Clarified the scope.",
    significance="minor",
    **overrides,
):
    """The owner edits the draft and submits it for approval."""
    data = edit_data(
        document, owner, change_summary=summary, significance=significance, **overrides
    )
    data["action-submit"] = "Submit"
    return client.post(reverse("wagtailadmin_pages:edit", args=(document.pk,)), data)


def sign_off_url(document):
    document.refresh_from_db()
    return reverse("sign_off", args=(document.current_workflow_task_state.pk,))


def act(client, document, action, comment="", password=PASSWORD):
    """A reviewer or approver decides on the document's current task, on its
    sign-off page, signing with their password."""
    return client.post(
        sign_off_url(document),
        {"decision": action, "comment": comment, "password": password},
    )


def assert_refused(response):
    """Wagtail answers a refused workflow action by sending the user back to the
    dashboard with a "permission denied" message."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def issue_changes(document, approver, count):
    """Give `document` `count` minor issues straight through the issuing code."""
    for n in range(count):
        draft = document.get_latest_revision_as_object()
        draft.purpose = f"Change {n}, issue {document.issues.count() + 1}"
        IssueRevisionAction(
            draft.save_revision(user=document.document_owner),
            user=approver,
            significance="minor",
            change_summary=f"Change {n}",
            sign_offs=[],
        ).execute()
    document.refresh_from_db()


class BrokenEmailBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
