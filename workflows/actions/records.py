"""Filing a record, and placing or releasing a legal hold."""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log
from wagtail.whitelist import Whitelister, allow_without_attributes

from policies.fields import Classification
from policies.models import RequiredItem
from policies.roles import APPROVERS, DOCUMENT_OWNERS, has_role

from ..hashing import record_chain_hash, record_content_hash
from ..models import LegalHold, Record, RecordContent
from ..records_access import may_read_record

FILE_LOG_ACTION = "itsms.record_filed"
HOLD_LOG_ACTION = "itsms.legal_hold"
RELEASE_LOG_ACTION = "itsms.legal_hold_released"
MAX_FILE_BYTES = 50 * 1024 * 1024
ENTRY_TAGS = [
    "p",
    "h3",
    "h4",
    "b",
    "i",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
]


class EntryWhitelister(Whitelister):
    """A record's entry keeps structure only: paragraphs, headings, lists, tables
    and emphasis; every attribute, script and link goes."""

    element_rules = {
        "[document]": allow_without_attributes,
        **dict.fromkeys(ENTRY_TAGS, allow_without_attributes),
    }

    def clean_tag_node(self, doc, tag):
        if tag.name in ("script", "style", "template"):
            tag.decompose()  # their text is not part of the entry
            return
        super().clean_tag_node(doc, tag)


def clean_entry(html: str) -> str:
    """The entry with structure only, or "" when it holds no text."""
    cleaned = EntryWhitelister().clean(html or "").strip()
    return cleaned if strip_tags(cleaned).strip() else ""


def may_file_records(user) -> bool:
    return has_role(user, DOCUMENT_OWNERS, APPROVERS)


@dataclass
class RecordFiling:
    """What someone files: validated by FileRecordAction.check."""

    title: str
    kind: RequiredItem
    period_start: date
    period_end: date
    owner: object
    classification: str = Classification.INTERNAL
    clauses: list = field(default_factory=list)
    body: str = ""
    file: object = None  # an UploadedFile
    retention_years: int | None = None
    corrects: Record | None = None


class FileRecordAction(BaseAction):
    """File a record once: its number, content and hashes written in one
    transaction, at the end of the records' chain; logged."""

    action_name = "file_record"

    def __init__(self, filing: RecordFiling, *, user):
        super().__init__(filing, user=user)
        self.filing = filing

    def check(self, skip_permission_checks=False):
        if not skip_permission_checks and not may_file_records(self.user):
            raise PermissionDenied("Only document owners and approvers file records.")
        filing, errors = self.filing, {}
        if not filing.title.strip():
            errors["title"] = "Give the record a title."
        if filing.kind.kind != RequiredItem.Kind.RETAINED:
            errors["kind"] = "Choose a kind of record."
        if filing.period_end < filing.period_start:
            errors["period_end"] = "The period cannot end before it starts."
        elif filing.period_end > timezone.localdate():
            errors["period_end"] = "A record covers a period that has ended."
        if not clean_entry(filing.body) and not filing.file:
            errors["body"] = "Write the entry or attach the file (or both)."
        if filing.file and filing.file.size > MAX_FILE_BYTES:
            errors["file"] = "A record's file is at most 50 MB."
        if filing.retention_years is not None and not (
            1 <= filing.retention_years <= 100
        ):
            errors["retention_years"] = "Between 1 and 100 years, or empty."
        if filing.corrects and not may_read_record(self.user, filing.corrects):
            errors["corrects"] = "No such record."
        if errors:
            raise ValidationError(errors)

    def execute(self, skip_permission_checks=False) -> Record:
        self.check(skip_permission_checks)
        filing = self.filing
        body = clean_entry(filing.body)
        sha256, size = file_digest(filing.file)
        with transaction.atomic():
            # The last record, locked: records are filed one after the other, so
            # the chain never forks and numbers never repeat.
            previous = Record.objects.select_for_update().order_by("-pk").first()
            record = Record(
                number=next_number(previous),
                title=filing.title.strip(),
                kind=filing.kind,
                period_start=filing.period_start,
                period_end=filing.period_end,
                owner=filing.owner,
                classification=filing.classification,
                retention_years=filing.retention_years,
                corrects=filing.corrects,
                filed_by=self.user,
                filed_at=timezone.now().replace(microsecond=0),
                previous=previous,
            )
            record._clause_numbers = sorted(c.number for c in filing.clauses)
            record.content_hash = record_content_hash(record, body, sha256)
            record.chain_hash = record_chain_hash(
                record, previous.chain_hash if previous else ""
            )
            record.save()
            record.clauses.set(filing.clauses)
            content = RecordContent(
                record=record, body=body, file_sha256=sha256, file_size=size
            )
            if filing.file:
                content.file.save(filing.file.name, filing.file, save=False)
            content.save()
            log(
                instance=record,
                action=FILE_LOG_ACTION,
                user=self.user,
                data={"number": record.number, "kind": filing.kind.code},
            )
        return record


def next_number(previous: Record | None) -> str:
    value = int(previous.number.rsplit("-", 1)[1]) + 1 if previous else 1
    return f"REC-{value:04d}"


def file_digest(file) -> tuple[str, int]:
    if not file:
        return "", 0
    digest, size = hashlib.sha256(), 0
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def may_hold(user) -> bool:
    """Legal holds are placed and released by approvers (and superusers)."""
    return has_role(user, APPROVERS)


class PlaceLegalHoldAction(BaseAction):
    """Stop any disposition of a document (all its issues) or a record."""

    action_name = "place_legal_hold"

    def __init__(self, *, user, reason, document=None, record=None):
        super().__init__(document or record, user=user)
        self.document, self.record, self.reason = document, record, reason.strip()

    def check(self, skip_permission_checks=False):
        if not skip_permission_checks and not may_hold(self.user):
            raise PermissionDenied("Only approvers place legal holds.")
        if not self.reason:
            raise ValidationError("Give the reason for the legal hold.")

    def execute(self, skip_permission_checks=False) -> LegalHold:
        self.check(skip_permission_checks)
        with transaction.atomic():
            hold = LegalHold.objects.create(
                document=self.document,
                record=self.record,
                reason=self.reason,
                placed_by=self.user,
            )
            log(
                instance=self.document or self.record,
                action=HOLD_LOG_ACTION,
                user=self.user,
                data={"reason": self.reason},
            )
        return hold


class ReleaseLegalHoldAction(BaseAction):
    action_name = "release_legal_hold"

    def __init__(self, hold: LegalHold, *, user, reason):
        super().__init__(hold, user=user)
        self.hold, self.reason = hold, reason.strip()

    def check(self, skip_permission_checks=False):
        if not skip_permission_checks and not may_hold(self.user):
            raise PermissionDenied("Only approvers release legal holds.")
        if not self.reason:
            raise ValidationError("Give the reason for releasing the legal hold.")

    def execute(self, skip_permission_checks=False) -> LegalHold:
        self.check(skip_permission_checks)
        with transaction.atomic():
            hold = LegalHold.objects.select_for_update().get(pk=self.hold.pk)
            if hold.released_at:
                raise ValidationError("This legal hold was already released.")
            LegalHold.objects.filter(pk=hold.pk).update(
                released_by=self.user,
                released_at=timezone.now(),
                release_reason=self.reason,
            )
            log(
                instance=hold.document or hold.record,
                action=RELEASE_LOG_ACTION,
                user=self.user,
                data={"reason": self.reason},
            )
        hold.refresh_from_db()
        return hold
