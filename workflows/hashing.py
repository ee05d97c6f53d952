"""The hashes that make issue records tamper-evident (docs/invariants.md, 4)."""

import functools
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.documents import get_document_model
from wagtail.models import Revision

from policies.models import ControlledDocumentPage, FieldRole


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


def approved_file_hash(revision: Revision) -> str:
    """Wagtail's own sha1 `file_hash` of the file an external document's revision
    names, or "" when it names none."""
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


def content_hash(revision: Revision, file_hash: str = "") -> str:
    """Hash of the approved fields of a revision, and of the attached file's bytes
    for external documents."""
    approved = {name: revision.content.get(name) for name in hashed_fields()}
    return canonical_hash({"content": approved, "file_hash": file_hash})


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
