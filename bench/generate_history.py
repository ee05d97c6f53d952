"""The history of generated documents (bench/generate.py): revisions, issue
records written as IssueRevisionAction writes them (content hash, sign-offs,
chain hash over the previous issue, so `verify_document_chain` passes), and
the page rows' revisions and control state, in a few statements per batch."""

from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone
from wagtail.models import Revision

from policies.dates import add_months
from workflows.hashing import chain_hash, content_hash
from workflows.models import (
    ControlEvent,
    DocumentApprovalTask,
    DocumentIssue,
    DocumentReviewTask,
)
from workflows.models.signoffs import sign_off_record


def issue_dates(ctx, count):
    """Effective days of `count` issues over the past three years, oldest first,
    the last one at least a week ago."""
    days = sorted(ctx.rng.sample(range(7, 3 * 365), count), reverse=True)
    return [ctx.today - timedelta(days=d) for d in days]


def signed(day, days_before, hour):
    moment = datetime.combine(day - timedelta(days=days_before), time(hour, 12))
    return timezone.make_aware(moment)


def sign_offs(ctx, revision_hash, day):
    return [
        sign_off_record(
            task.sign_off_role,
            user,
            signed_as=group,
            meaning=task.sign_off_meaning,
            content_hash=revision_hash,
            at=signed(day, days, hour),
        )
        for task, user, group, days, hour in [
            (DocumentReviewTask, ctx.reviewer, "Reviewers", 4, 10),
            (DocumentApprovalTask, ctx.approver, "Approvers", 2, 15),
        ]
    ]


def write_history(ctx, documents):
    """Revisions, issue records and control state of a batch: each live or
    withdrawn document gets 1 to 3 issues, each earlier issue's purpose a
    sentence shorter than the next one's (so that diffs show a change)."""
    plans = []  # (page, [(revision, effective day, significance)])
    for page in documents:
        issues = 0 if page.never_issued else ctx.rng.randint(1, 3)
        days = issue_dates(ctx, max(issues, 1))
        content = page.serializable_data()  # reads the m2m rows: once a page
        steps = []
        for position, day in enumerate(days):
            revision = Revision(
                content_type_id=page.content_type_id,
                base_content_type_id=ctx.page_type.pk,
                object_id=str(page.pk),
                created_at=signed(day, 5, 9),
                user=page.document_owner,
                object_str=page.title,
                content={
                    **content,
                    "purpose": shortened(page.purpose, len(days) - 1 - position),
                },
            )
            steps.append((revision, day, "major" if position == 0 else "minor"))
        plans.append((page, steps))
    Revision.objects.bulk_create(r for _p, steps in plans for r, _d, _s in steps)
    issue_records(ctx, plans)
    finish_pages(ctx, plans)


def shortened(purpose, cuts):
    """`purpose` without its last `cuts` sentences (one is always kept)."""
    sentences = [s for s in purpose.split(". ") if s]
    text = ". ".join(sentences[: max(1, len(sentences) - cuts)])
    return text if text.endswith(".") else text + "."


def issue_records(ctx, plans):
    """As IssueRevisionAction writes them, one position of every chain at a time
    (each record points at the one before it)."""
    previous = {}
    for position in range(3):
        batch = []
        for page, steps in plans:
            if page.never_issued or position >= len(steps):
                continue
            revision, day, significance = steps[position]
            before = previous.get(page.pk)
            major, minor = (
                (1, 0) if before is None else (before.major, before.minor + 1)
            )
            revision_hash = content_hash(revision)
            issue = DocumentIssue(
                document_id=page.pk,
                revision=revision,
                previous=before,
                major=major,
                minor=minor,
                significance=significance,
                change_summary="First issue." if before is None else "Revised scope.",
                effective_from=day,
                sign_offs=sign_offs(ctx, revision_hash, day),
                content_hash=revision_hash,
            )
            issue.chain_hash = chain_hash(
                issue, page.document_number, before.chain_hash if before else ""
            )
            batch.append(issue)
        for issue in DocumentIssue.objects.bulk_create(batch):
            previous[issue.document_id] = issue
    for page, _steps in plans:
        page.last_issue = previous.get(page.pk)


def finish_pages(ctx, plans):
    """The page rows' revisions and control state, in one statement per batch."""
    rows, events = [], []
    for page, steps in plans:
        first_revision, first_day, _ = steps[0]
        revision, day, _ = steps[-1]
        issue = page.last_issue
        live = issue is not None and not page.withdrawn
        published = signed(first_day, 2, 15) if issue else None
        rows.append(
            (
                revision.pk,
                revision.pk if live else None,
                revision.created_at,
                live,
                not live,
                published,
                signed(day, 2, 15) if issue else None,
                issue.label if issue else "",
                day if issue else None,
                add_months(day, page.review_interval_months) if issue else None,
                page.withdrawn,
                page.pk,
            )
        )
        if page.withdrawn:
            events.append(
                ControlEvent(
                    document_id=page.pk,
                    kind=ControlEvent.Kind.WITHDRAWN,
                    user=ctx.approver,
                    at=signed(day, -3, 11),
                    comment="Replaced by the merged procedure.",
                )
            )
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE wagtailcore_page SET latest_revision_id = %s, "
            "live_revision_id = %s, latest_revision_created_at = %s, live = %s, "
            "has_unpublished_changes = %s, first_published_at = %s, "
            "last_published_at = %s WHERE id = %s",
            [row[:7] + row[-1:] for row in rows],
        )
        cursor.executemany(
            "UPDATE policies_controlleddocumentpage SET current_version_label = %s, "
            "effective_date = %s, next_review_due = %s, withdrawn = %s "
            "WHERE page_ptr_id = %s",
            [row[7:] for row in rows],
        )
    ControlEvent.objects.bulk_create(events)
