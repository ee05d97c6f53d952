"""What verify_document_chain checks of records and tombstones: the records'
chain, each record's content against its hash, and each disposition's seal."""

import hashlib

from .hashing import record_chain_hash, record_content_hash, tombstone_seal
from .models import Disposition, Record, RecordContent

CHUNK = 1024 * 1024


def tombstone_problem(disposition: Disposition, content_hash: str) -> str | None:
    """What is wrong with a done disposition standing in for content, or None."""
    if disposition.subject_hash != content_hash:
        return "its tombstone names other content than was hashed"
    if disposition.seal != tombstone_seal(disposition):
        return "its tombstone was altered"
    return None


def done_dispositions(field: str) -> dict[int, Disposition]:
    return {
        getattr(disposition, f"{field}_id"): disposition
        for disposition in Disposition.objects.filter(
            status=Disposition.Status.DONE, **{f"{field}__isnull": False}
        )
    }


def destroyed_file_names() -> set[str]:
    """Files a disposition removed on purpose: missing bytes are expected."""
    return {
        file["name"]
        for files in Disposition.objects.filter(
            status=Disposition.Status.DONE
        ).values_list("destroyed_files", flat=True)
        for file in files
    }


def file_sha256(content: RecordContent) -> str:
    digest = hashlib.sha256()
    with content.file.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def record_problems() -> tuple[int, list[str]]:
    """(records checked, what is wrong), in filing order."""
    records = (
        Record.objects.select_related("kind", "corrects")
        .prefetch_related("clauses")
        .order_by("pk")
    )
    contents = {content.pk: content for content in RecordContent.objects.all()}
    tombstones = done_dispositions("record")
    problems, previous, count = [], None, 0
    for record in records:
        count += 1
        name = record.number
        if record.previous_id != (previous.pk if previous else None):
            problems.append(f"{name}: does not follow the previous record")
        if record.chain_hash != record_chain_hash(
            record, previous.chain_hash if previous else ""
        ):
            problems.append(f"{name}: record differs from its chain hash")
        content = contents.get(record.pk)
        if content is None:
            tombstone = tombstones.get(record.pk)
            if tombstone is None:
                problems.append(f"{name}: its content is gone with no disposition")
            elif problem := tombstone_problem(tombstone, record.content_hash):
                problems.append(f"{name}: {problem}")
        else:
            try:
                sha256 = file_sha256(content) if content.file else ""
            except OSError as error:
                problems.append(f"{name}: its file cannot be read ({error})")
                sha256 = content.file_sha256
            if record.content_hash != record_content_hash(record, content.body, sha256):
                problems.append(f"{name}: its content differs from its hash")
        previous = record
    return count, problems
