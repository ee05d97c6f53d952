"""Issuing an approved revision: publish it and write its immutable issue record."""

import hashlib
import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from policies.dates import add_months
from policies.models import ControlledDocumentPage

from .models import DocumentIssue, Significance

# What an approval approves: the document's content and controlled metadata as they
# stand in the revision. Version label, effective date and next review are results of
# the approval, not part of what was approved.
APPROVED_FIELDS = [
    "document_number",
    "title",
    "purpose",
    "body",
    "clauses",
    "process_area",
    "classification",
    "document_owner",
    "approvers",
    "approving_group",
    "review_interval_months",
    "file",
    "source",
    "external_reference",
    "date_received",
]


class AlreadyIssued(Exception):
    """The revision has an issue record already (another approval got there first)."""


def canonical_hash(data) -> str:
    encoded = json.dumps(
        data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def content_hash(revision, file_hash="") -> str:
    """Hash of the approved fields of a revision, and of the attached file's bytes
    (as Wagtail's own `file_hash`) for external documents."""
    approved = {k: revision.content.get(k) for k in APPROVED_FIELDS}
    return canonical_hash({"content": approved, "file_hash": file_hash})


def chain_hash(issue, document_number, previous_chain_hash="") -> str:
    return canonical_hash(
        {
            "document": document_number,
            "revision": issue.revision_id,
            "label": issue.label,
            "significance": issue.significance,
            "change_summary": issue.change_summary,
            "effective_from": issue.effective_from,
            "sign_offs": issue.sign_offs,
            "content_hash": issue.content_hash,
            "previous": previous_chain_hash,
        }
    )


def next_version(previous, significance):
    """1.0 first; a minor change adds to the minor number, a major change starts the
    next major number at 0."""
    if previous is None:
        return 1, 0
    if significance == Significance.MAJOR:
        return previous.major + 1, 0
    return previous.major, previous.minor + 1


@transaction.atomic
def issue_revision(
    revision,
    *,
    user,
    significance,
    change_summary,
    sign_offs,
    effective_from=None,
):
    """Publish `revision` as the next issue of its document and write the record.

    One transaction: the record, the publication and the document's new version,
    effective date and next review all happen, or none do. Raises AlreadyIssued if the
    revision was issued already; the unique revision constraint guarantees it even
    when two approvals race past that check.
    """
    document = ControlledDocumentPage.objects.select_for_update().get(
        pk=revision.object_id
    )
    if DocumentIssue.objects.filter(revision=revision).exists():
        raise AlreadyIssued(f"Revision {revision.pk} is already issued.")
    previous = (
        DocumentIssue.objects.filter(document=document)
        .order_by("-major", "-minor")
        .only("pk", "major", "minor", "chain_hash")
        .first()
    )
    effective_from = effective_from or date.today()
    major, minor = next_version(previous, significance)
    issue = DocumentIssue(
        document=document,
        revision=revision,
        previous=previous,
        major=major,
        minor=minor,
        significance=significance,
        change_summary=change_summary,
        effective_from=effective_from,
        sign_offs=sign_offs,
        content_hash=content_hash(revision, file_hash=approved_file_hash(revision)),
    )
    issue.chain_hash = chain_hash(
        issue, document.document_number, previous.chain_hash if previous else ""
    )
    issue.save()

    # Approval is the permission to publish: approvers hold no publish permission.
    revision.publish(user=user, skip_permission_checks=True)
    ControlledDocumentPage.objects.filter(pk=document.pk).update(
        current_version_label=issue.label,
        effective_date=effective_from,
        next_review_due=add_months(
            effective_from, revision.content["review_interval_months"]
        ),
    )
    log(
        instance=document,
        action="itsms.issue",
        user=user,
        revision=revision,
        data={
            "label": issue.label,
            "significance": significance,
            "change_summary": change_summary,
            "effective_from": effective_from.isoformat(),
            "content_hash": issue.content_hash,
            "chain_hash": issue.chain_hash,
        },
    )
    return issue


def approved_file_hash(revision):
    file_id = revision.content.get("file")
    if not file_id:
        return ""
    return (
        get_document_model()
        .objects.filter(pk=file_id)
        .values_list("file_hash", flat=True)
        .first()
        or ""
    )
