"""Reads about reading: what a person must read, and who read what, when."""

from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from policies.access import unreadable_by
from policies.models import ControlledDocumentPage

from .models import Acknowledgement, DocumentIssue, ReadingRequest


def acknowledged_by(user, outer="issue") -> Exists:
    return Exists(Acknowledgement.objects.filter(issue=OuterRef(outer), user=user))


def unacknowledged() -> Exists:
    """For a reading request: its person has not acknowledged its issue."""
    return ~Exists(
        Acknowledgement.objects.filter(issue=OuterRef("issue"), user=OuterRef("user"))
    )


def open_requests() -> QuerySet:
    """Reading requests still to be done: on the issue in force of a live
    document, not acknowledged."""
    return ReadingRequest.objects.filter(
        unacknowledged(),
        issue__next_issue__isnull=True,
        issue__document__live=True,
        issue__document__withdrawn=False,
    )


def open_reading(user) -> QuerySet:
    """The issues in force that `user` was asked to read and has not acknowledged,
    soonest due first, each with the label of the last earlier issue of the same
    document they acknowledged (`last_acknowledged`), if any."""
    last = (
        Acknowledgement.objects.filter(
            user=user, issue__document=OuterRef("issue__document")
        )
        .order_by("-issue__major", "-issue__minor")
        .values("label")[:1]
    )
    return (
        open_requests()
        .filter(user=user)
        .exclude(issue__document_id__in=unreadable_by(user))
        .annotate(last_acknowledged=Subquery(last))
        .select_related("issue__document")
        .order_by("due_on", "issue__document__document_number")
    )


def acknowledgements_of(user, viewer=None) -> QuerySet:
    """What `user` acknowledged, newest first, among the documents `viewer` (by
    default the user) may read today."""
    return (
        Acknowledgement.objects.filter(user=user)
        .exclude(issue__document_id__in=unreadable_by(viewer or user))
        .select_related("issue__document")
        .order_by("-at")
    )


def issue_in_force_for(document: ControlledDocumentPage, user) -> DocumentIssue | None:
    """The document's latest issue, knowing whether `user` was asked to read it
    (`requested`) and has acknowledged it (`acknowledged`): one query."""
    return (
        DocumentIssue.objects.filter(document_id=document.pk)
        .annotate(
            requested=Exists(
                ReadingRequest.objects.filter(issue=OuterRef("pk"), user=user)
            ),
            acknowledged=acknowledged_by(user, outer="pk"),
        )
        .order_by("-major", "-minor")
        .first()
    )


def last_acknowledged_issue(document: ControlledDocumentPage, user):
    return (
        DocumentIssue.objects.filter(
            document_id=document.pk, acknowledgements__user=user
        )
        .order_by("-major", "-minor")
        .select_related("revision")
        .first()
    )


def reading_evidence(document: ControlledDocumentPage) -> list[DocumentIssue]:
    """Each issue of the document, newest first, with who acknowledged it and when,
    who is outstanding, and the share done: three queries, whatever the audience."""
    issues = list(
        DocumentIssue.objects.filter(document=document)
        .annotate(asked=Count("reading"))
        .order_by("-major", "-minor")
    )
    acknowledgements = Acknowledgement.objects.filter(issue__in=issues).select_related(
        "user"
    )
    outstanding = (
        ReadingRequest.objects.filter(unacknowledged(), issue__in=issues)
        .select_related("user")
        .order_by("due_on", "user__last_name", "user__username")
    )
    by_issue = {issue.pk: issue for issue in issues}
    for issue in issues:
        issue.acknowledged_list, issue.outstanding_list = [], []
    for acknowledgement in acknowledgements:
        by_issue[acknowledgement.issue_id].acknowledged_list.append(acknowledgement)
    for request in outstanding:
        by_issue[request.issue_id].outstanding_list.append(request)
    for issue in issues:
        issue.done = issue.asked - len(issue.outstanding_list)
        issue.share = round(100 * issue.done / issue.asked) if issue.asked else None
    return issues


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def acknowledged_as_of(document: ControlledDocumentPage, day: date) -> dict:
    """On `day`, the issue of the document then in force, who had acknowledged it by
    the end of that day, and who had been asked and had not."""
    issue = (
        DocumentIssue.objects.filter(document=document, effective_from__lte=day)
        .order_by("-major", "-minor")
        .first()
    )
    if issue is None:
        return {"issue": None, "acknowledged": [], "outstanding": []}
    acknowledged = list(
        Acknowledgement.objects.filter(issue=issue, at__lte=end_of(day))
        .select_related("user")
        .order_by("at")
    )
    done = {acknowledgement.user_id for acknowledgement in acknowledged}
    outstanding = [
        request
        for request in ReadingRequest.objects.filter(
            issue=issue, requested_at__lte=end_of(day)
        )
        .select_related("user")
        .order_by("user__username")
        if request.user_id not in done
    ]
    return {"issue": issue, "acknowledged": acknowledged, "outstanding": outstanding}


def overdue_reading(today: date) -> QuerySet:
    """Every open reading request past its due date, on issues in force."""
    return (
        open_requests()
        .filter(due_on__lt=today)
        .select_related("user", "issue__document__document_owner")
        .order_by("due_on", "pk")
    )
