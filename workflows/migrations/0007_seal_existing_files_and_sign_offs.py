"""Bring records written before files were sealed under the same guarantees: seal the
file of every revision that was submitted for approval or issued, with the digest of
its bytes in storage now, and give every sign-off the content hash of the revision it
was given on, its meaning and the signer's name. A file missing from storage is sealed
with an empty digest, which verify_document_chain reports."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

# The fields an approval covered when this migration was written (the union of
# FieldRole.IDENTITY and APPROVED over the document types), frozen here.
HASHED_FIELDS = [
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
]

MEANINGS = {
    "reviewer": "Reviewed for accuracy and suitability",
    "approver": "Approved for issue",
}


def digest(file):
    sha256, size = hashlib.sha256(), 0
    try:
        with file.file.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                sha256.update(chunk)
                size += len(chunk)
    except (OSError, ValueError):
        return "", 0
    return sha256.hexdigest(), size


def canonical_hash(data):
    encoded = json.dumps(
        data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def forwards(apps, schema_editor):
    Revision = apps.get_model("wagtailcore", "Revision")
    Document = apps.get_model("wagtaildocs", "Document")
    SealedFile = apps.get_model("workflows", "SealedFile")
    SignOff = apps.get_model("workflows", "SignOff")
    DocumentIssue = apps.get_model("workflows", "DocumentIssue")

    bound = set(DocumentIssue.objects.values_list("revision_id", flat=True)) | set(
        SignOff.objects.values_list("task_state__revision_id", flat=True)
    )
    hashes = {}
    for revision in Revision.objects.filter(pk__in=bound):
        file_hash = ""
        file_id = revision.content.get("file")
        file = Document.objects.filter(pk=file_id).first() if file_id else None
        if file is not None:
            sha256, size = digest(file)
            SealedFile.objects.get_or_create(
                file=file, revision=revision, defaults={"sha256": sha256, "size": size}
            )
            file_hash = f"sha256:{sha256}"
        approved = {name: revision.content.get(name) for name in HASHED_FIELDS}
        hashes[revision.pk] = canonical_hash(
            {"content": approved, "file_hash": file_hash}
        )
    for sign_off in SignOff.objects.select_related("user", "task_state"):
        user = sign_off.user
        sign_off.content_hash = hashes.get(sign_off.task_state.revision_id, "")
        sign_off.meaning = MEANINGS.get(sign_off.role, "")
        full_name = f"{user.first_name} {user.last_name}".strip()
        sign_off.signer_name = full_name or user.username
        sign_off.save(update_fields=["content_hash", "meaning", "signer_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0006_sealed_files_and_signatures"),
        ("wagtaildocs", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
