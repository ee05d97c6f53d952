"""The demo's approval history: each document's issues as they would have been
approved, with a reviewer and an approver signing at working hours on the days
before each issue took effect, and the earlier texts its `history` describes
(cms/demo/FORMAT.md)."""

import json
from datetime import date, datetime, time, timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from policies.models import Significance
from workflows.actions.issue import IssueRevisionAction
from workflows.hashing import revision_content_hash
from workflows.models import DocumentApprovalTask, DocumentReviewTask
from workflows.models.signoffs import sign_off_record

# Sign-off times that look like a working day: (days before effective, hour, minute).
REVIEW_AT = (4, 10, 42)
APPROVE_AT = (2, 15, 17)


def working_day(day: date) -> date:
    """The day itself, or the Friday before a weekend day."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def signed_at(effective: date, when) -> datetime:
    days, hour, minute = when
    moment = datetime.combine(working_day(effective - timedelta(days=days)), time())
    return timezone.make_aware(moment.replace(hour=hour, minute=minute))


def earlier_texts(data: dict) -> list[tuple[dict, dict | None]]:
    """(purpose and body as they were, the history entry that made them) from the
    oldest text to the latest: the file holds the latest; each history entry
    says which text it replaced."""
    history = data.get("history") or []
    text = json.dumps({"purpose": data["purpose"], "body": data["body"]})
    texts = [text]
    for entry in reversed(history):
        for now, before in entry["replaced"].items():
            if text.count(json.dumps(now)[1:-1]) != 1:
                raise CommandError(
                    f"{data['slug']}: history text {now!r} must occur exactly once."
                )
            text = text.replace(json.dumps(now)[1:-1], json.dumps(before)[1:-1])
        texts.insert(0, text)
    # The oldest text was the first issue; each later one came with its entry.
    return [
        (json.loads(version), entry)
        for version, entry in zip(texts, [None, *history], strict=True)
    ]


def issue_history(page, data, stream, users, effective_first: date, today: date):
    """Issue `page` as 1.0 from its oldest text, then once per history entry, the
    issues spread evenly between the first effective date and a month ago.
    Returns the issues."""
    versions = earlier_texts(data)
    steps = len(versions)
    span = max((today - timedelta(days=30) - effective_first).days, steps)
    issues = []
    for position, (text, entry) in enumerate(versions):
        effective = effective_first + timedelta(days=span * position // steps)
        if position:
            page = page.get_latest_revision_as_object()
        page.purpose = text["purpose"].strip()
        page.body = json.dumps(stream(text["body"]))
        revision = page.save_revision(user=page.document_owner, log_action=True)
        significance = entry["significance"] if entry else Significance.MAJOR
        summary = entry["change_summary"] if entry else "First issue."
        issues.append(
            IssueRevisionAction(
                revision,
                user=users["approver"],
                significance=significance,
                change_summary=summary,
                sign_offs=[
                    sign_off_record(
                        task.sign_off_role,
                        users[task.sign_off_role],
                        signed_as=group,
                        meaning=task.sign_off_meaning,
                        content_hash=revision_content_hash(revision),
                        at=signed_at(effective, when),
                        comment=comment,
                    )
                    for task, group, when, comment in [
                        (
                            DocumentReviewTask,
                            "Reviewers",
                            REVIEW_AT,
                            "Checked against current practice.",
                        ),
                        (
                            DocumentApprovalTask,
                            "Approvers",
                            APPROVE_AT,
                            "Approved." if position else "Approved for first issue.",
                        ),
                    ]
                ],
                effective_from=effective,
            ).execute()
        )
    return issues
