"""Reads that several views, reports and actions share."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from policies.models import ControlledDocumentPage, Significance

from .authority import approval_authority, draft_author_ids
from .models import (
    ControlEvent,
    ControlledDocumentTask,
    DocumentApprovalTask,
    DocumentIssue,
    SignOff,
)
from .models.issues import next_version

REVIEW_WINDOW_DAYS = 30


def documents_due_for_review(
    today: date | None = None, owner=None
) -> QuerySet[ControlledDocumentPage]:
    """Current documents whose review is overdue or due in the next 30 days,
    soonest first."""
    today = today or timezone.localdate()
    documents = (
        ControlledDocumentPage.objects.live()
        .filter(
            withdrawn=False,
            next_review_due__lte=today + timedelta(days=REVIEW_WINDOW_DAYS),
        )
        .select_related("document_owner")
        .order_by("next_review_due", "document_number")
    )
    if owner is not None:
        documents = documents.filter(document_owner=owner)
    return documents


def pending_review(document: ControlledDocumentPage) -> ControlEvent | None:
    """The owner's "reviewed, no change needed" that awaits an approver, if any."""
    return (
        ControlEvent.objects.filter(
            document=document,
            kind=ControlEvent.Kind.REVIEW_RECORDED,
            confirmation__isnull=True,
        )
        .order_by("-at")
        .first()
    )


def last_withdrawal(document: ControlledDocumentPage) -> ControlEvent | None:
    """When, by whom and why the document was last withdrawn, if it ever was."""
    return (
        ControlEvent.objects.filter(document=document, kind=ControlEvent.Kind.WITHDRAWN)
        .select_related("user")
        .order_by("-at", "-pk")
        .first()
    )


def current_issue(document: ControlledDocumentPage) -> DocumentIssue | None:
    """The latest issue of the document (in force unless it is withdrawn)."""
    return (
        DocumentIssue.objects.filter(document_id=document.pk)
        .select_related("revision")
        .order_by("-major", "-minor")
        .first()
    )


def next_label(current: DocumentIssue | None, significance: str) -> str:
    """The version a draft of this significance becomes."""
    major, minor = next_version(current, significance or Significance.MINOR)
    return f"{major}.{minor}"


def with_effective_to(issues: Iterable[DocumentIssue]) -> list[DocumentIssue]:
    """A document's issues in label order, each knowing its effective-to (the next
    issue's effective-from) without a query per issue."""
    issues = list(issues)
    for issue, following in zip(
        issues, [*issues[1:], None][: len(issues)], strict=True
    ):
        issue._effective_to = following.effective_from if following else None
    return issues


def awaiting_sign_off(user) -> list[dict]:
    """The running review and approval tasks `user` may be asked to sign, newest
    first, each with the reason when they may not sign it (they edited the draft,
    or signed it in an earlier step)."""
    rows = []
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("revision", "workflow_state__requested_by", "task")
        .order_by("-started_at")
    )
    for task_state in states:
        task = task_state.task.specific
        if not isinstance(task, ControlledDocumentTask):
            continue
        requester = task_state.workflow_state.requested_by
        rows.append(
            {
                "task_state": task_state,
                "number": task_state.revision.content.get("document_number", ""),
                "title": task_state.revision.object_str,
                "submitted_by": requester.get_full_name() or requester.get_username()
                if requester
                else "",
                "refusal": task.sign_off_refusal(task_state, user),
            }
        )
    return rows


def who_may_sign(task_state: TaskState, document: ControlledDocumentPage):
    """The active users who may sign this task for the draft: eligible for the
    task, not authors of the draft, and not signers of this revision in another
    step (superusers aside)."""
    signed = SignOff.objects.filter(
        task_state__workflow_state_id=task_state.workflow_state_id,
        task_state__revision_id=task_state.revision_id,
    ).values("user_id")
    return (
        task_state.task.specific.eligible_users(approval_authority(document))
        .exclude(pk__in=draft_author_ids(document))
        .exclude(pk__in=signed)
    )


def approval_states(documents: Iterable[ControlledDocumentPage]) -> dict[int, str]:
    """Where each document stands in approval, in one query: "In review",
    "Awaiting approval", "Changes requested by <name>: <comment>", "Draft" (changes
    not submitted), "Approved" (the current issue, nothing pending), or "Not yet
    submitted" for a document never issued."""
    documents = list(documents)
    states = (
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(document.pk) for document in documents],
        )
        .select_related("current_task_state__task", "current_task_state__finished_by")
    )
    running = {int(state.object_id): state for state in states}
    approval = ContentType.objects.get_for_model(DocumentApprovalTask)
    labels = {}
    for document in documents:
        state = running.get(document.pk)
        if state is None:
            if not document.live:
                labels[document.pk] = "Not yet submitted"
            else:
                labels[document.pk] = (
                    "Draft" if document.has_unpublished_changes else "Approved"
                )
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            task_state = state.current_task_state
            by = task_state.finished_by
            who = (by.get_full_name() or by.get_username()) if by else "a reviewer"
            comment = task_state.get_comment()
            labels[document.pk] = f"Changes requested by {who}" + (
                f": “{comment}”" if comment else ""
            )
        elif state.current_task_state.task.content_type_id == approval.pk:
            labels[document.pk] = "Awaiting approval"
        else:
            labels[document.pk] = "In review"
    return labels
