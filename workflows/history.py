"""Front-end record views: a document's history and any issue exactly as approved."""

import re

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse

from policies.models import ControlledDocumentPage
from policies.roles import APPROVERS, AUDITORS, REVIEWERS, has_role

from . import diff
from .models import ControlEvent, DocumentIssue

LABEL = re.compile(r"(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})", re.ASCII)


def may_read_record_detail(user, document):
    """Reviewer comments and hashes: auditors, approvers and the owner."""
    return user.pk == document.document_owner_id or has_role(user, AUDITORS, APPROVERS)


def may_compare(user, document):
    """Superseded issues and comparisons: record readers, and reviewers, who compare
    a submitted draft with the current issue."""
    return user.pk == document.document_owner_id or has_role(
        user, AUDITORS, APPROVERS, REVIEWERS
    )


def with_effective_to(issues):
    """Each issue's effective-to is the next one's effective-from (one query, not one
    per issue)."""
    issues = list(issues)
    for issue, following in zip(
        issues, [*issues[1:], None][: len(issues)], strict=True
    ):
        issue.effective_until = following.effective_from if following else None
    return issues


def document_history(request, number):
    document = get_object_or_404(
        ControlledDocumentPage.objects.select_related("document_owner"),
        document_number=number,
    )
    issues = with_effective_to(
        DocumentIssue.objects.filter(document=document).order_by("major", "minor")
    )
    events = ControlEvent.objects.filter(document=document).select_related("user")
    return TemplateResponse(
        request,
        "workflows/history.html",
        {
            "document": document,
            "issues": issues[::-1],
            "events": events,
            "detail": may_read_record_detail(request.user, document),
        },
    )


def document_issue(request, number, label):
    match = LABEL.fullmatch(label)
    if not match:
        return HttpResponseBadRequest(
            f"'{label}' is not a version label: use MAJOR.MINOR, for example 1.2.",
            content_type="text/plain",
        )
    document = get_object_or_404(ControlledDocumentPage, document_number=number)
    issue = get_object_or_404(
        DocumentIssue.objects.select_related("revision"),
        document=document,
        major=int(match[1]),
        minor=int(match[2]),
    )
    next_issue = DocumentIssue.objects.filter(previous=issue).first()
    superseded = next_issue is not None or document.withdrawn
    if superseded and not may_compare(request.user, document):
        return render(
            request,
            "workflows/superseded_forbidden.html",
            {"document": document},
            status=403,
        )
    # Rendered from the approved revision itself, never from today's page.
    approved = issue.revision.as_object()
    approved.current_version_label = issue.label
    approved.effective_date = issue.effective_from
    approved.next_review_due = None
    context = approved.get_context(request)
    context.update(
        {
            "issue": issue,
            "superseded": superseded,
            "effective_until": next_issue.effective_from if next_issue else None,
            "status": "Superseded" if superseded else "Current",
            "current_url": document.url if document.live else None,
        }
    )
    return TemplateResponse(request, approved.get_template(request), context)


def revision_for(document, label):
    """The revision behind a label: an issue's, or "draft" for the latest revision."""
    if label == "draft":
        revision = document.get_latest_revision()
        if revision is None:
            raise Http404("This document has no draft.")
        return revision
    match = LABEL.fullmatch(label)
    if not match:
        raise ValueError(
            f"'{label}' is not a version label: use MAJOR.MINOR (e.g. 1.2) or 'draft'."
        )
    issue = get_object_or_404(
        DocumentIssue.objects.select_related("revision"),
        document=document,
        major=int(match[1]),
        minor=int(match[2]),
    )
    return issue.revision


def document_diff(request, number, old, new):
    document = get_object_or_404(ControlledDocumentPage, document_number=number)
    try:
        old_revision, new_revision = (
            revision_for(document, old),
            revision_for(document, new),
        )
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    if not may_compare(request.user, document):
        return render(
            request,
            "workflows/superseded_forbidden.html",
            {"document": document},
            status=403,
        )
    return TemplateResponse(
        request,
        "workflows/diff.html",
        {
            "document": document,
            "old": old,
            "new": new,
            "metadata": diff.metadata_changes(
                old_revision.content, new_revision.content
            ),
            "blocks": diff.body_changes(old_revision.content, new_revision.content),
        },
    )
