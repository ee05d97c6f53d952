"""Auditors change nothing: every write action, in the admin and on the front end,
is refused to them and leaves the database as it was."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry, Revision

from policies.models import Clause, ControlledDocumentPage, PolicyPage, ProcessArea
from tests.factories import PASSWORD, document_form, make_document, make_file
from tests.workflows.helpers import client_for, submit
from workflows.actions.issue import IssueRevisionAction
from workflows.models import ControlEvent, DocumentIssue


def snapshot():
    return (
        list(
            ControlledDocumentPage.objects.values_list(
                "pk", "title", "live", "withdrawn"
            )
        ),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        DocumentIssue.objects.count(),
        ControlEvent.objects.count(),
        list(Clause.objects.values_list("number", "title")),
        ProcessArea.objects.count(),
        list(get_document_model().objects.values_list("pk", "title")),
    )


@pytest.mark.django_db
def test_auditors_change_nothing(library, owner, approver, auditor):
    policy = make_document(
        PolicyPage,
        library,
        owner=owner,
        publish=False,
        approving_group=Group.objects.get(name="Approvers"),
    )
    IssueRevisionAction(
        policy.save_revision(user=owner),
        user=approver,
        significance="major",
        change_summary="First",
        sign_offs=[],
    ).execute()
    policy.refresh_from_db()
    submit(client_for(owner), policy, owner)
    policy.refresh_from_db()
    file = make_file()
    clause = Clause.objects.get(number="8.6.1")
    task_state = policy.current_workflow_task_state
    client = client_for(auditor)
    before = snapshot()

    edit_data = document_form(owner, title="Audited", slug=policy.slug)
    attempts = [
        (
            reverse(
                "wagtailadmin_pages:add", args=("policies", "policypage", library.pk)
            ),
            document_form(owner, slug="new"),
        ),
        (reverse("wagtailadmin_pages:edit", args=(policy.pk,)), edit_data),
        (
            reverse("wagtailadmin_pages:edit", args=(policy.pk,)),
            {**edit_data, "action-publish": "1"},
        ),
        (reverse("wagtailadmin_pages:delete", args=(policy.pk,)), {}),
        (reverse("wagtailadmin_pages:unpublish", args=(policy.pk,)), {}),
        (
            reverse("wagtailadmin_pages:copy", args=(policy.pk,)),
            {"new_title": "C", "new_slug": "c", "new_parent_page": library.pk},
        ),
        (
            reverse(
                "wagtailadmin_pages:move_confirm",
                args=(policy.pk, library.get_parent().pk),
            ),
            {},
        ),
        (
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=(policy.pk, "approve", task_state.pk),
            ),
            {"comment": ""},
        ),
        (
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=(policy.pk, "reject", task_state.pk),
            ),
            {"comment": "x"},
        ),
        (
            reverse("sign_off", args=(task_state.pk,)),
            {"decision": "approve", "password": PASSWORD},
        ),
        (
            reverse("sign_off", args=(task_state.pk,)),
            {"decision": "reject", "comment": "x", "password": PASSWORD},
        ),
        (
            reverse("wagtailsnippets_policies_clause:edit", args=(clause.pk,)),
            {"number": "8.6.1", "title": "Changed"},
        ),
        (
            reverse("wagtailsnippets_policies_clause:add"),
            {"number": "11", "title": "New"},
        ),
        (reverse("wagtailsnippets_policies_clause:delete", args=(clause.pk,)), {}),
        (
            reverse("wagtailsnippets_policies_processarea:add"),
            {"name": "X", "slug": "x"},
        ),
        (reverse("wagtaildocs:edit", args=(file.pk,)), {"title": "Changed"}),
        (reverse("wagtaildocs:delete", args=(file.pk,)), {}),
        (reverse("wagtaildocs:add"), {"title": "New file"}),
    ] + [
        (reverse("document_action", args=(policy.pk, action)), {"reason": "Auditor."})
        for action in ("withdraw", "reinstate", "record-review", "confirm-review")
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404, 200), url
        assert snapshot() == before, f"{url} changed something"
