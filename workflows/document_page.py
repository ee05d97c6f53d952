"""What workflows adds to the pages of the library: a section's approval states, and
on a document's page the actions the reader may take, what they must read and
acknowledge, and the signatures of the issue shown (policies.extensions)."""

from django.template.loader import render_to_string
from django.urls import reverse

from policies.roles import reads_record_detail, sees_drafts

from . import diff
from .actions.registry import available_actions
from .models import DocumentIssue, ReadingRequest
from .reading_selectors import issue_in_force_for, last_acknowledged_issue
from .selectors import approval_states


def add_approval_states(section, request, context):
    """Owners, reviewers, approvers and auditors see where each document of a
    section stands in approval; staff see only what is issued."""
    context["show_approval"] = sees_drafts(request.user)
    if context["show_approval"]:
        states = approval_states(context["documents"])
        for document in context["documents"]:
            document.approval_state = states[document.pk]


def add_control_actions(document, request, context):
    """Approvers hold no page permissions, so the admin explorer is closed to them:
    the document's page offers what they may do. A page being created (previewed
    before its first save) has no actions yet."""
    context["control_actions"] = [
        (
            wording.link,
            reverse("document_action", args=(document.pk, action.action_name)),
        )
        for action, wording in (
            available_actions(document, request.user) if document.pk else []
        )
    ]


def mark_changed_blocks(document, changes, label):
    """Mark in the text the blocks added or changed since the issue the reader
    last acknowledged (the document template shows `marked` above a block)."""
    changed = {
        change.block_id
        for change in changes
        if change.block_id and change.kind in ("added", "changed", "moved and changed")
    }
    for child in document.body:
        if child.id in changed:
            child.marked = f"Changed since version {label}"


def add_reading_notice(document, request, context):
    """On the page of the issue in force: "please read version X.Y" with what
    changed since the version the reader last acknowledged, and the button to
    acknowledge; or that they have. The owner, approvers and auditors get a link to
    who read it."""
    context["reading_evidence"] = bool(document.pk) and reads_record_detail(
        request.user, document
    )
    if getattr(document, "shown_issue", None) or not document.current_version_label:
        return
    issue = issue_in_force_for(document, request.user)
    if issue is None or not (issue.requested or issue.acknowledged):
        return
    notice = {"issue": issue, "page": document}
    if not issue.acknowledged:
        notice["due_on"] = (
            ReadingRequest.objects.filter(issue=issue, user=request.user)
            .values_list("due_on", flat=True)
            .first()
        )
        since = last_acknowledged_issue(document, request.user)
        if since is not None:
            comparison = diff.compare(
                document.specific_class,
                since.revision.content,
                issue.revision.content,
            )
            notice.update(
                since=since,
                changes=DocumentIssue.objects.filter(
                    document_id=document.pk,
                    created_at__gt=since.created_at,
                ).order_by("major", "minor"),
                **comparison,
            )
            mark_changed_blocks(document, comparison["blocks"], since.label)
    context["document_notices"].append(
        render_to_string(
            "workflows/includes/reading_notice.html", notice, request=request
        )
    )


def add_issue_signatures(document, request, context):
    """On the page of one issue (document.shown_issue, set by
    workflows.history.document_issue): who signed it, in what authority, with what
    meaning. Comments only for those who read record detail."""
    issue = getattr(document, "shown_issue", None)
    if issue is not None:
        context["document_asides"].insert(
            0,
            render_to_string(
                "workflows/includes/issue_signatures.html",
                {
                    "issue": issue,
                    "detail": reads_record_detail(request.user, document),
                },
                request=request,
            ),
        )
