"""Benchmark, not a test of correctness: run with `.venv/bin/python -m pytest bench -s`.

Median wall time of a final approval (the approver's POST on the sign-off page, which
checks the password, publishes and writes the issue record) on a document that already
has 30 issues, against publishing a revision of a bare Wagtail page, in the same run.
"""

import statistics
import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from policies.models import PolicyPage
from tests.factories import PASSWORD, make_document, make_section
from tests.workflows.helpers import act, client_for, issue_changes, submit

ROUNDS = 15


@pytest.mark.django_db
def test_median_approval_at_30_prior_issues(library, owner, reviewer, approver):
    owner_client, reviewer_client = client_for(owner), client_for(reviewer)
    approver_client = client_for(approver)
    document = make_document(
        PolicyPage,
        library,
        owner=owner,
        publish=False,
        approving_group=Group.objects.get(name="Approvers"),
    )
    issue_changes(document, approver, 30)
    approvals = []
    for n in range(ROUNDS):
        document.refresh_from_db()
        submit(owner_client, document, owner, summary=f"Round {n}", purpose=f"R{n}")
        act(reviewer_client, document, "approve")
        document.refresh_from_db()
        url = reverse("sign_off", args=(document.current_workflow_task_state.pk,))
        data = {"decision": "approve", "comment": "", "password": PASSWORD}
        started = time.perf_counter()
        approver_client.post(url, data)
        approvals.append(time.perf_counter() - started)
    assert document.issues.count() == 30 + ROUNDS

    bare = make_section(library, "Bare page")
    publishes = []
    for n in range(ROUNDS):
        bare.title = f"Bare page {n}"
        revision = bare.save_revision()
        started = time.perf_counter()
        revision.publish()
        publishes.append(time.perf_counter() - started)

    approval_ms = statistics.median(approvals) * 1000
    publish_ms = statistics.median(publishes) * 1000
    print(
        f"\nmedian final approval at 30+ prior issues: {approval_ms:.1f} ms; "
        f"median publish of a bare Wagtail page: {publish_ms:.1f} ms; "
        f"ratio {approval_ms / publish_ms:.1f}x ({ROUNDS} rounds each)"
    )
