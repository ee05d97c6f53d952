"""Sealed files: the bytes of a file that a submitted or issued revision carries."""

from django.db import models


class SealedFile(models.Model):
    """That a file is part of a revision that was submitted for approval or issued:
    from then on its bytes never change and it is never deleted, by anyone, by any
    route (docs/invariants.md, 7). The digest is of the bytes as they were sealed;
    `verify_document_chain` reads the bytes on disk against it.

    PROTECT on the file makes the ORM refuse to delete it (admin, bulk actions,
    code); `signal_handlers.refuse_to_change_a_sealed_file` refuses new bytes."""

    file = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+"
    )
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    sealed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["file", "revision"], name="one_seal_per_file_and_revision"
            )
        ]

    def __str__(self):
        return f"file {self.file_id} in revision {self.revision_id}"
