"""Reads that several views, reports and actions share."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from policies.models import ControlledDocumentPage

from .models import ControlEvent, DocumentIssue

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


def with_effective_to(issues: Iterable[DocumentIssue]) -> list[DocumentIssue]:
    """A document's issues in label order, each knowing its effective-to (the next
    issue's effective-from) without a query per issue."""
    issues = list(issues)
    for issue, following in zip(
        issues, [*issues[1:], None][: len(issues)], strict=True
    ):
        issue._effective_to = following.effective_from if following else None
    return issues


def issue_by_label(document: ControlledDocumentPage, major: int, minor: int):
    return DocumentIssue.objects.select_related("revision").get(
        document=document, major=major, minor=minor
    )
