"""The hashes that make issue records tamper-evident (docs/invariants.md, 4), and the
digests of the file bytes they cover, read from storage rather than trusted from a
stored field."""

import functools
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.documents import get_document_model
from wagtail.models import Revision

from policies.models import ControlledDocumentPage, FieldRole

CHUNK = 1024 * 1024


class FileUnreadable(Exception):
    """The file a revision carries is missing from storage or cannot be read."""


@functools.cache
def hashed_fields() -> tuple[str, ...]:
    """What an approval approves: the identity and approved fields of every document
    type (those a type lacks hash as null), read from the field roles declared on
    the models. Version, dates and withdrawal are results of approval, not part of
    what was approved."""
    names = {}
    for model in ControlledDocumentPage.document_types().values():
        names.update(
            dict.fromkeys(
                model.fields_with_role(FieldRole.IDENTITY, FieldRole.APPROVED)
            )
        )
    return tuple(sorted(names))


def canonical_hash(data) -> str:
    encoded = json.dumps(
        data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def digests(file) -> tuple[str, str, int]:
    """(sha256, sha1, size) of the file's bytes as they are in storage now."""
    sha256, sha1, size = hashlib.sha256(), hashlib.sha1(), 0  # noqa: S324
    try:
        with file.file.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                sha256.update(chunk)
                sha1.update(chunk)
                size += len(chunk)
    except (OSError, ValueError) as error:
        raise FileUnreadable(f"{file.file.name}: {error}") from error
    return sha256.hexdigest(), sha1.hexdigest(), size


def file_hash(revision: Revision) -> str:
    """What the content hash covers of the revision's file: "sha256:<hex>" of its
    bytes in storage, or "" when it names none. Raises FileUnreadable."""
    file_id = revision.content.get("file")
    if not file_id:
        return ""
    file = get_document_model().objects.filter(pk=file_id).first()
    if file is None:
        raise FileUnreadable(f"file {file_id} of revision {revision.pk} is gone")
    return "sha256:" + digests(file)[0]


# The fields hashed since the first issue record: always part of the hash, as null
# when a revision lacks them. Fields approved later (the readers of a confidential
# document) are hashed when a revision carries them, so that records written before
# they existed still verify.
HASHED_FROM_THE_START = frozenset(
    {
        "approvers",
        "approving_group",
        "body",
        "classification",
        "clauses",
        "date_received",
        "document_number",
        "document_owner",
        "external_reference",
        "file",
        "process_area",
        "purpose",
        "review_interval_months",
        "source",
        "title",
    }
)


def content_hash(revision: Revision, file_hash: str = "") -> str:
    """Hash of the approved fields of a revision, and of the attached file's bytes
    for external documents (`file_hash`, see above)."""
    content = revision.content
    approved = {
        name: content.get(name)
        for name in hashed_fields()
        if name in HASHED_FROM_THE_START or name in content
    }
    return canonical_hash({"content": approved, "file_hash": file_hash})


def revision_content_hash(revision: Revision) -> str:
    """The content hash of a revision with its file's bytes read now."""
    return content_hash(revision, file_hash(revision))


def chain_hash(issue, document_number: str, previous_chain_hash: str = "") -> str:
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


def record_facts(record) -> dict:
    """What a record's content hash covers besides its content: everything it
    says about itself when filed."""
    return {
        "number": record.number,
        "title": record.title,
        "kind": record.kind.code,
        "clauses": sorted(record.clause_numbers),
        "period": [record.period_start, record.period_end],
        "owner": record.owner_id,
        "classification": record.classification,
        "retention_years": record.retention_years,
        "corrects": record.corrects.number if record.corrects_id else None,
        "filed_by": record.filed_by_id,
        "filed_at": record.filed_at,
    }


def record_content_hash(record, body: str, file_sha256: str) -> str:
    return canonical_hash(
        {"record": record_facts(record), "body": body, "file": file_sha256}
    )


def record_chain_hash(record, previous_chain_hash: str = "") -> str:
    return canonical_hash(
        {
            "record": record.number,
            "content_hash": record.content_hash,
            "previous": previous_chain_hash,
        }
    )


def tombstone_seal(disposition) -> str:
    """What a done disposition says, sealed: altering any of it shows."""
    return canonical_hash(
        {
            "issue": disposition.issue_id,
            "record": disposition.record_id,
            "subject": disposition.subject,
            "subject_hash": disposition.subject_hash,
            "method": disposition.method,
            "reason": disposition.reason,
            "requested_by": disposition.requested_by_id,
            "requested_at": disposition.requested_at,
            "decided_by": disposition.decided_by_id,
            "decided_at": disposition.decided_at,
            "destroyed_files": disposition.destroyed_files,
            "archive_name": disposition.archive_name,
        }
    )
