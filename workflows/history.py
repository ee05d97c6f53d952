"""Front-end record views: a document's history, any issue exactly as approved, and
the comparison of two issues (or of an issue and the draft)."""

import re
from dataclasses import dataclass
from itertools import pairwise

from django.http import Http404, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from wagtail.models import Revision

from policies.access import visible
from policies.models import ControlledDocumentPage
from policies.roles import may_compare, reads_record_detail

from . import diff
from .actions.copies import copies_with_detail
from .models import ControlEvent, ControlledCopy, Disposition, DocumentIssue
from .selectors import last_withdrawal, with_effective_to

LABEL = re.compile(r"(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})", re.ASCII)


def bad_label(label: str, also: str = "") -> str:
    return f"'{label}' is not a version label: use MAJOR.MINOR, for example 1.2{also}."


def get_issue(document: ControlledDocumentPage, label: str) -> DocumentIssue:
    """The issue behind a well-formed label (404 when there is none); ValueError
    when the label is malformed."""
    match = LABEL.fullmatch(label)
    if not match:
        raise ValueError(label)
    return get_object_or_404(
        DocumentIssue.objects.select_related("revision"),
        document=document,
        major=int(match[1]),
        minor=int(match[2]),
    )


def refused(request, document):
    return render(
        request,
        "workflows/superseded_forbidden.html",
        {"document": document},
        status=403,
    )


def document_permalink(request, number):
    """Stable link to a document by its number, wherever it sits in the tree. A
    withdrawn document answers 410 Gone, saying when, by whom and why."""
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user).only(
            "url_path", "live", "withdrawn", "title"
        ),
        document_number=number,
    )
    if document.live:
        return redirect(document.get_url(request))
    if not document.withdrawn:
        raise Http404("This document has not been issued.")
    withdrawal = last_withdrawal(document)
    return render(
        request,
        "workflows/withdrawn.html",
        {"document": document, "number": number, "withdrawal": withdrawal},
        status=410,
    )


def document_history(request, number):
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user).select_related(
            "document_owner"
        ),
        document_number=number,
    )
    issues = with_effective_to(
        DocumentIssue.objects.filter(document=document).order_by("major", "minor")
    )
    tombstones = disposed_of(issues)
    for issue in issues:
        issue.tombstone = tombstones.get(issue.pk)
    for older, newer in pairwise(issues):
        # Its "Compare with previous" link, while both still have their content.
        if not (older.tombstone or newer.tombstone):
            newer.previous_label = older.label
    events = list(ControlEvent.objects.filter(document=document).select_related("user"))
    detail = reads_record_detail(request.user, document)
    return TemplateResponse(
        request,
        "workflows/history.html",
        {
            "document": document,
            "issues": issues[::-1],
            "events": events,
            "withdrawn_periods": withdrawn_periods(events),
            "detail": detail,
            "compare": may_compare(request.user, document),
            # Its controlled copies, for those who read the record's detail.
            "copies": copies_with_detail(
                ControlledCopy.objects.filter(document=document)
            )
            if detail
            else None,
        },
    )


def withdrawn_periods(events: list[ControlEvent]) -> list[tuple]:
    """(from, to) of each time the document was out of use; `to` is None while it
    still is."""
    periods, start = [], None
    for event in events:
        if event.kind == ControlEvent.Kind.WITHDRAWN and start is None:
            start = event.at
        elif event.kind == ControlEvent.Kind.REINSTATED and start is not None:
            periods.append((start, event.at))
            start = None
    if start is not None:
        periods.append((start, None))
    return periods


@dataclass(frozen=True)
class Standing:
    """Where one issue stands for one reader: superseded (or its document
    withdrawn), refused to them (superseded issues are for those who compare),
    and its tombstone if it was disposed of."""

    superseded: bool
    refused: bool
    tombstone: Disposition | None


def standing(user, document: ControlledDocumentPage, issue: DocumentIssue) -> Standing:
    superseded = issue.effective_to is not None or document.withdrawn
    return Standing(
        superseded,
        superseded and not may_compare(user, document),
        disposed_of([issue]).get(issue.pk),
    )


def open_issue(request, number, label):
    """The checks every view of one issue shares (its page, its PDF, the API): the
    issue, the document and whether it is superseded, or the response that refuses
    it (404 for a document the reader may not read, 400, 403, 410)."""
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user), document_number=number
    )
    try:
        issue = get_issue(document, label)
    except ValueError:
        return HttpResponseBadRequest(bad_label(label), content_type="text/plain")
    where = standing(request.user, document, issue)
    if where.refused:
        return refused(request, document)
    if where.tombstone:
        return gone(request, document, issue, where.tombstone)
    return document, issue, where.superseded


def as_approved(issue: DocumentIssue):
    """The issue's own revision as a page, never today's page."""
    approved = issue.revision.as_object()
    approved.shown_issue = issue  # whose signatures the page shows
    approved.current_version_label = issue.label
    approved.effective_date = issue.effective_from
    approved.next_review_due = None
    return approved


def document_issue(request, number, label):
    opened = open_issue(request, number, label)
    if isinstance(opened, HttpResponseBase):
        return opened
    document, issue, superseded = opened
    # Rendered from the approved revision itself, never from today's page.
    approved = as_approved(issue)
    context = approved.get_context(request)
    context.update(
        {
            "issue": issue,
            "superseded": superseded,
            "status": "Superseded" if superseded else "Current",
            "current_url": document.url if document.live else None,
        }
    )
    return TemplateResponse(request, approved.get_template(request), context)


def disposed_of(issues) -> dict:
    """{issue id: its tombstone} for those of `issues` disposed of: one query."""
    return {
        disposition.issue_id: disposition
        for disposition in Disposition.objects.filter(
            issue__in=[issue.pk for issue in issues],
            status=Disposition.Status.DONE,
        ).select_related("requested_by", "decided_by")
    }


def gone(request, document, issue, tombstone):
    """An issue disposed of: its tombstone, never its content (410 Gone)."""
    return TemplateResponse(
        request,
        "workflows/issue_disposed.html",
        {"document": document, "issue": issue, "tombstone": tombstone},
        status=410,
    )


def revision_for(document: ControlledDocumentPage, label: str) -> Revision:
    """The revision behind a label: an issue's, or "draft" for the latest revision."""
    if label == "draft":
        revision = document.get_latest_revision()
        if revision is None:
            raise Http404("This document has no draft.")
        return revision
    return get_issue(document, label).revision


def document_diff(request, number, old, new):
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user), document_number=number
    )
    try:
        old_revision, new_revision = (
            revision_for(document, old),
            revision_for(document, new),
        )
    except ValueError as error:
        return HttpResponseBadRequest(
            bad_label(str(error), " or 'draft'"), content_type="text/plain"
        )
    if not may_compare(request.user, document):
        return refused(request, document)
    for label in (old, new):
        if label != "draft":
            issue = get_issue(document, label)
            if tombstone := disposed_of([issue]).get(issue.pk):
                return gone(request, document, issue, tombstone)
    return TemplateResponse(
        request,
        "workflows/diff.html",
        {
            "document": document,
            "old": old,
            "new": new,
            **diff.compare(
                document.specific_class, old_revision.content, new_revision.content
            ),
        },
    )


def document_compare(request, number):
    """The history's two-issue picker (?from=LABEL&to=LABEL): on to the comparison
    when both are issues of this document, 400 saying which is not otherwise."""
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user), document_number=number
    )
    if not may_compare(request.user, document):
        return refused(request, document)
    labels = [
        f"{major}.{minor}"
        for major, minor in DocumentIssue.objects.filter(document=document)
        .order_by("major", "minor")
        .values_list("major", "minor")
    ]
    old, new = request.GET.get("from", ""), request.GET.get("to", "")
    for name, label in (("from", old), ("to", new)):
        if label not in labels:
            issued = ", ".join(labels) or "none yet"
            return HttpResponseBadRequest(
                f"{name}: '{label[:20]}' is not an issue of {number} (issues: "
                f"{issued}).",
                content_type="text/plain",
            )
    if old == new:
        return HttpResponseBadRequest(
            f"Choose two different issues of {number} to compare.",
            content_type="text/plain",
        )
    return redirect("document_diff", number=number, old=old, new=new)
