"""Benchmark, not a test of correctness: run with `.venv/bin/python -m pytest bench -s`.

Wall time of issuing a document whose audience is a group of 5,000 people (the
reading requests written in bulk, the one e-mail each rendered once and sent at
commit to Django's locmem backend) against issuing the same kind of document with no
audience, in the same run. It also counts the queries, which must not grow with the
audience.
"""

import statistics
import time
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.models import PolicyPage
from tests.factories import make_document
from workflows.actions.issue import IssueRevisionAction
from workflows.models import ReadingRequest

AUDIENCE = 5000
ROUNDS = 3


def timed_issue(document, captured):
    """Issue 1.0 of `document`: seconds to the end of the issuing transaction,
    seconds sending the mail at commit, and the queries."""
    revision = document.save_revision(user=document.document_owner)
    with CaptureQueriesContext(connection) as queries:
        with captured(execute=True):  # runs the commit callbacks on leaving
            started = time.perf_counter()
            IssueRevisionAction(
                revision,
                user=None,
                significance="major",
                change_summary="First issue",
                sign_offs=[],
                effective_from=date(2026, 11, 1),
            ).execute()
            issued = time.perf_counter()
        mailed = time.perf_counter()
    return issued - started, mailed - issued, len(queries)


@pytest.mark.django_db
def test_issue_to_5000_readers_against_none(
    library, owner, django_capture_on_commit_callbacks, mailoutbox
):
    group = Group.objects.create(name="Everyone at the service desk")
    people = get_user_model().objects.bulk_create(
        get_user_model()(username=f"reader{n}", email=f"reader{n}@example.com")
        for n in range(AUDIENCE)
    )
    group.user_set.add(*people)
    results = {"none": [], "audience": []}
    for n in range(ROUNDS):
        for kind in results:
            document = make_document(
                PolicyPage, library, owner=owner, title=f"{kind} {n}", publish=False
            )
            if kind == "audience":
                document.audience_groups.set([group])
                document.save()
            results[kind].append(
                timed_issue(document, django_capture_on_commit_callbacks)
            )
    assert ReadingRequest.objects.count() == AUDIENCE * ROUNDS
    assert len(mailoutbox) == AUDIENCE * ROUNDS
    none_s = statistics.median(row[0] for row in results["none"])
    audience_s = statistics.median(row[0] for row in results["audience"])
    mail_s = statistics.median(row[1] for row in results["audience"])
    none_q, audience_q = results["none"][0][2], results["audience"][0][2]
    print(
        f"\nmedian issue with no audience: {none_s * 1000:.0f} ms, {none_q} queries; "
        f"to {AUDIENCE} readers: {audience_s * 1000:.0f} ms, {audience_q} queries "
        f"(ratio {audience_s / none_s:.1f}x), then {mail_s * 1000:.0f} ms building "
        f"and handing over the {AUDIENCE} mails at commit ({ROUNDS} rounds each)"
    )
    # In bulk: batches of up to 1,000 rows (SQLite's limit on query parameters
    # makes them about 250 there), never a query per reader.
    assert audience_q - none_q <= AUDIENCE // 200 + 6
