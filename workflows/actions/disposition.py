"""Disposition of a superseded issue or a record whose retention has run out:
requested by one person with a reason, decided by an approver who is someone
else, refused while a legal hold stands, and never automatic. Approval carries
it out at once (archive, then destroy) and seals the tombstone."""

import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from wagtail.actions.base import BaseAction
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Revision

from policies.roles import APPROVERS, has_role

from ..hashing import digests, tombstone_seal
from ..models import Disposition, DocumentIssue, Record, RecordContent
from ..retention import (
    active_hold,
    document_type_slugs,
    issue_retained_until,
    record_retained_until,
    retention_table,
)

REQUEST_LOG_ACTION = "itsms.disposition_requested"
DONE_LOG_ACTION = "itsms.disposed"
REFUSED_LOG_ACTION = "itsms.disposition_refused"


def describe(item) -> str:
    if isinstance(item, DocumentIssue):
        document = item.document
        return f"{document.document_number} {item.label} {document.title}"
    return f"{item.number} {item.title}"


def logged_instance(item):
    return item.document if isinstance(item, DocumentIssue) else item


def hold_on(item):
    if isinstance(item, DocumentIssue):
        return active_hold(document=item.document)
    return active_hold(record=item)


def retained_until(item):
    table = retention_table()
    if isinstance(item, Record):
        return record_retained_until(item, table)
    try:
        superseded_on = item.next_issue.effective_from
    except DocumentIssue.DoesNotExist:
        return None  # the issue in force is never disposed of
    slug = document_type_slugs().get(item.document.content_type_id, "")
    return issue_retained_until(superseded_on, slug, table)


def state_refusal(item) -> str | None:
    """Why `item` cannot be disposed of now, or None."""
    if hold := hold_on(item):
        return f"A legal hold stands on it: {hold.reason}"
    until = retained_until(item)
    if until is None:
        return "The issue in force is never disposed of; only superseded issues."
    if until > timezone.localdate():
        return f"It must be kept until {until:%d %B %Y}."
    return None


class RequestDispositionAction(BaseAction):
    action_name = "request_disposition"

    def __init__(self, item, *, user, method, reason):
        super().__init__(item, user=user)
        self.item, self.method, self.reason = item, method, (reason or "").strip()

    def permission_refusal(self):
        owner_id = (
            self.item.document.document_owner_id
            if isinstance(self.item, DocumentIssue)
            else self.item.owner_id
        )
        if self.user.pk == owner_id or has_role(self.user, APPROVERS):
            return None
        return "Only its owner or an approver asks for a disposition."

    def check(self, skip_permission_checks=False):
        if not skip_permission_checks and (reason := self.permission_refusal()):
            raise PermissionDenied(reason)
        if self.method not in Disposition.Method.values:
            raise ValidationError("Choose to destroy or to archive.")
        if not self.reason:
            raise ValidationError("Give the reason for the disposition.")
        if reason := state_refusal(self.item):
            raise ValidationError(reason)

    def execute(self, skip_permission_checks=False) -> Disposition:
        self.check(skip_permission_checks)
        field = "issue" if isinstance(self.item, DocumentIssue) else "record"
        with transaction.atomic():
            if Disposition.objects.filter(
                **{field: self.item}, status__in=["requested", "done"]
            ).exists():
                raise ValidationError("A disposition is already asked for or done.")
            disposition = Disposition.objects.create(
                **{field: self.item},
                subject=describe(self.item)[:300],
                subject_hash=self.item.content_hash,
                method=self.method,
                reason=self.reason,
                requested_by=self.user,
                requested_at=timezone.now(),
            )
            log(
                instance=logged_instance(self.item),
                action=REQUEST_LOG_ACTION,
                user=self.user,
                data={"subject": disposition.subject, "reason": self.reason},
            )
        return disposition


class DecideDispositionAction(BaseAction):
    """Approve (and carry out) or refuse a requested disposition."""

    action_name = "decide_disposition"

    def __init__(self, disposition, *, user, approve, comment=""):
        super().__init__(disposition, user=user)
        self.disposition, self.approve = disposition, approve
        self.comment = (comment or "").strip()

    def permission_refusal(self):
        if not has_role(self.user, APPROVERS):
            return "Only an approver decides a disposition."
        if self.user.pk == self.disposition.requested_by_id:
            return "Someone other than the person who asked decides a disposition."
        return None

    def check(self, skip_permission_checks=False):
        if not skip_permission_checks and (reason := self.permission_refusal()):
            raise PermissionDenied(reason)
        if not self.approve and not self.comment:
            raise ValidationError("Say why the disposition is refused.")

    def execute(self, skip_permission_checks=False) -> Disposition:
        self.check(skip_permission_checks)
        with transaction.atomic():
            disposition = Disposition.objects.select_for_update().get(
                pk=self.disposition.pk
            )
            if disposition.status != Disposition.Status.REQUESTED:
                raise ValidationError("This disposition was already decided.")
            item = disposition.issue or disposition.record
            if self.approve and (reason := state_refusal(item)):
                raise ValidationError(reason)
            disposition.decided_by = self.user
            disposition.decided_at = timezone.now().replace(microsecond=0)
            disposition.decision_comment = self.comment
            if self.approve:
                if disposition.method == Disposition.Method.ARCHIVE:
                    disposition.archive_name = archive(disposition, item)
                disposition.destroyed_files = destroy(item)
                disposition.status = Disposition.Status.DONE
                disposition.seal = tombstone_seal(disposition)
            else:
                disposition.status = Disposition.Status.REFUSED
            disposition.save()
            log(
                instance=logged_instance(item),
                action=DONE_LOG_ACTION if self.approve else REFUSED_LOG_ACTION,
                user=self.user,
                data={"subject": disposition.subject, "comment": self.comment},
            )
        self.disposition.refresh_from_db()
        return disposition


def content_of(item) -> tuple[dict, list]:
    """What an item holds (as JSON data) and its files [(name, django File)]."""
    if isinstance(item, Record):
        content = item.content
        data = {"record": item.number, "title": item.title, "body": content.body}
        files = [(Path(content.file.name).name, content.file)] if content.file else []
        return data, files
    revision = item.revision
    files = []
    if file_id := revision.content.get("file"):
        file = get_document_model().objects.filter(pk=file_id).first()
        if file and file.file:
            files.append((Path(file.file.name).name, file.file))
    return {"issue": describe(item), "content": revision.content}, files


def archive(disposition, item) -> str:
    """Write the item to one zip file in RECORDS_ARCHIVE_ROOT; its name."""
    root = Path(settings.RECORDS_ARCHIVE_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    stem = disposition.subject.split(" ")[0] + (
        f"-{item.label}" if isinstance(item, DocumentIssue) else ""
    )
    name = f"{stem}-disposition-{disposition.pk}.zip"
    data, files = content_of(item)
    with zipfile.ZipFile(root / name, "x", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("content.json", json.dumps(data, cls=DjangoJSONEncoder))
        for file_name, file in files:
            with file.open("rb") as handle:
                bundle.writestr(f"files/{file_name}", handle.read())
    return name


def destroy(item) -> list[dict]:
    """Remove the item's content from the library; the files removed."""
    if isinstance(item, Record):
        content = RecordContent.objects.get(pk=item.pk)
        removed = []
        if content.file:
            removed.append({"name": content.file.name, "sha256": content.file_sha256})
            content.file.delete(save=False)
        # The one way a record's content goes (RecordContent.delete refuses).
        RecordContent.objects.filter(pk=item.pk).delete()
        return removed
    revision = item.revision
    removed = []
    file_id = revision.content.get("file")
    if file_id and not used_elsewhere(file_id, item):
        file = get_document_model().objects.get(pk=file_id)
        removed.append({"name": file.file.name, "sha256": digests(file)[0]})
        file.file.delete(save=False)
    Revision.objects.filter(pk=revision.pk).update(
        content={"disposed": True, "title": revision.content.get("title", "")}
    )
    return removed


def used_elsewhere(file_id, issue) -> bool:
    """Whether another revision of the document that is not disposed of carries
    the file (a later issue or draft that kept the same attachment)."""
    others = Revision.objects.filter(
        base_content_type_id=issue.revision.base_content_type_id,
        object_id=issue.revision.object_id,
    ).exclude(pk=issue.revision_id)
    return any(other.content.get("file") == file_id for other in others)
