"""Issuing an approved revision: publish it and write its immutable issue record."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log
from wagtail.models import Revision, TaskState, WorkflowState

from policies.dates import add_months
from policies.models import ControlledDocumentPage, Significance

from ..hashing import FileUnreadable, chain_hash, content_hash, file_hash
from ..models import DocumentIssue, SignOff
from ..models.issues import next_version
from ..seals import seal_file
from .base import update_control_state
from .copies import mark_copies_to_replace
from .reading import ask_to_read

LOG_ACTION = "itsms.issue"


class AlreadyIssued(Exception):
    """The revision has an issue record already (another approval got there first)."""


class IssueRevisionAction(BaseAction):
    """Publish `revision` as the next issue of its document and write the record.

    One transaction: the record, the publication and the document's new version,
    effective date and next review all happen, or none do. Raises AlreadyIssued if
    the revision was issued already; the unique revision constraint guarantees it
    even when two approvals race past that check.

    Who may issue was decided by the workflow's tasks (the final approval reaches
    here through workflows.finish); `for_workflow_state` refuses unless every task
    approved this very revision. seed_demo issues its first issues directly."""

    action_name = "issue"

    def __init__(
        self,
        revision: Revision,
        *,
        user,
        significance: str,
        change_summary: str,
        sign_offs: list[dict],
        effective_from: date | None = None,
    ):
        super().__init__(revision, user=user)
        self.revision = revision
        self.significance = significance
        self.change_summary = change_summary
        self.sign_offs = sign_offs
        self.effective_from = effective_from

    @classmethod
    def for_workflow_state(cls, workflow_state: WorkflowState, user=None):
        """The issue that the last approval of a workflow makes: the revision every
        task was bound to, with the declaration and sign-offs given on it."""
        revision = workflow_state.current_task_state.revision
        approved_tasks = set(
            workflow_state.task_states.filter(
                status=TaskState.STATUS_APPROVED, revision=revision
            ).values_list("task_id", flat=True)
        )
        required_tasks = set(
            workflow_state.workflow.tasks.filter(active=True).values_list(
                "pk", flat=True
            )
        )
        if not required_tasks <= approved_tasks:
            raise PermissionDenied(
                "Not every step of the workflow approved this revision: not issued."
            )
        sign_offs = SignOff.objects.filter(
            task_state__workflow_state=workflow_state, task_state__revision=revision
        ).select_related("user")
        return cls(
            revision,
            user=user,
            significance=revision.content.get("significance") or Significance.MINOR,
            change_summary=revision.content.get("change_summary", ""),
            sign_offs=[sign_off.as_record() for sign_off in sign_offs],
        )

    def check(self, skip_permission_checks: bool = False) -> None:
        # The workflow's tasks decided who may; see for_workflow_state.
        return None

    @transaction.atomic
    def execute(self, skip_permission_checks: bool = False) -> DocumentIssue:
        revision = self.revision
        document = ControlledDocumentPage.objects.select_for_update().get(
            pk=revision.object_id
        )
        if DocumentIssue.objects.filter(revision=revision).exists():
            raise AlreadyIssued(f"Revision {revision.pk} is already issued.")
        previous = (
            DocumentIssue.objects.filter(document=document)
            .order_by("-major", "-minor")
            .only("pk", "major", "minor", "chain_hash", "content_hash")
            .first()
        )
        effective_from = self.effective_from or date.today()
        major, minor = next_version(previous, self.significance)
        approved_hash = self.approved_hash(previous)
        issue = DocumentIssue(
            document=document,
            revision=revision,
            previous=previous,
            major=major,
            minor=minor,
            significance=self.significance,
            change_summary=self.change_summary,
            effective_from=effective_from,
            sign_offs=self.sign_offs,
            content_hash=approved_hash,
        )
        issue.chain_hash = chain_hash(
            issue, document.document_number, previous.chain_hash if previous else ""
        )
        issue.save()
        seal_file(revision)

        # Approval is the permission to publish: approvers hold no publish
        # permission. Control state is written after publishing, which saves the
        # page as the revision's object holds it.
        revision.publish(user=self.user, skip_permission_checks=True)
        update_control_state(
            document,
            current_version_label=issue.label,
            effective_date=effective_from,
            next_review_due=add_months(
                effective_from, revision.content["review_interval_months"]
            ),
        )
        ask_to_read(issue)
        mark_copies_to_replace(issue)
        log(
            instance=document,
            action=LOG_ACTION,
            user=self.user,
            revision=revision,
            data={
                "label": issue.label,
                "significance": self.significance,
                "change_summary": self.change_summary,
                "effective_from": effective_from.isoformat(),
                "content_hash": issue.content_hash,
                "chain_hash": issue.chain_hash,
            },
        )
        return issue

    def approved_hash(self, previous: DocumentIssue | None) -> str:
        """The content hash of the revision, its file's bytes read from storage now;
        refused if any sign-off signed something else, or if nothing changed since
        the issue in force."""
        try:
            approved = content_hash(self.revision, file_hash(self.revision))
        except FileUnreadable as error:
            raise ValidationError(
                f"The file of this draft cannot be read ({error}): not issued."
            ) from error
        signed_other = [
            sign_off.get("name") or sign_off.get("username")
            for sign_off in self.sign_offs
            if "content_hash" in sign_off and sign_off["content_hash"] != approved
        ]
        if signed_other:
            raise ValidationError(
                "The content differs from what was signed by "
                f"{', '.join(signed_other)}: not issued."
            )
        if previous is not None and previous.content_hash == approved:
            raise ValidationError(
                f"Nothing to issue: the content is the same as issue {previous.label}. "
                "A review that finds no change needed is recorded as a periodic "
                "review instead."
            )
        return approved
