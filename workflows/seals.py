"""Sealing the file a revision carries, when it is submitted or issued."""

from wagtail.documents import get_document_model
from wagtail.models import Revision

from .hashing import digests
from .models import SealedFile


def seal_file(revision: Revision) -> SealedFile | None:
    """Seal the file `revision` names, if any, with the digest of its bytes now.
    Sealing again for the same revision keeps the first seal."""
    file_id = revision.content.get("file")
    if not file_id:
        return None
    file = get_document_model().objects.filter(pk=file_id).first()
    if file is None:
        return None
    existing = SealedFile.objects.filter(file=file, revision=revision).first()
    if existing:
        return existing
    sha256, _sha1, size = digests(file)
    return SealedFile.objects.create(
        file=file, revision=revision, sha256=sha256, size=size
    )


def is_sealed(file) -> bool:
    return file.pk is not None and SealedFile.objects.filter(file_id=file.pk).exists()
