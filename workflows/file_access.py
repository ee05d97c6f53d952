"""Who may download a file: it follows the document that carries it.

- The file of the issue in force of a document: whoever may read the document.
- The file of a superseded issue or of a draft (submitted or not): auditors,
  approvers and reviewers (the people who audit and sign), and those who may edit
  the document (its owner, the people its section is shared with).
- A file no controlled document carries: its uploader and those who may change
  files.
Everyone else gets 404, as if the file did not exist (docs/invariants.md, 9)."""

from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from wagtail.documents import get_permission_policy
from wagtail.models import Revision

from policies.access import may_read
from policies.models import ControlledDocumentPage, ExternalDocumentPage
from policies.roles import APPROVERS, AUDITORS, REVIEWERS, has_role

from .models import SealedFile


def documents_carrying(file):
    """Every controlled document one of whose revisions names the file."""
    revisions = Revision.objects.filter(content__file=file.pk).values_list(
        Cast("object_id", BigIntegerField()), flat=True
    )
    return ControlledDocumentPage.objects.filter(pk__in=revisions)


def may_download(user, file) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    in_force = ExternalDocumentPage.objects.filter(file=file, live=True)
    if any(may_read(user, document) for document in in_force):
        return True
    carriers = list(documents_carrying(file))
    if carriers or SealedFile.objects.filter(file=file).exists():
        if has_role(user, AUDITORS, APPROVERS, REVIEWERS):
            return True
        return any(
            document.permissions_for_user(user).can_edit() for document in carriers
        )
    # Not part of any controlled document: Wagtail's own rules for files.
    return (
        file.uploaded_by_user_id == user.pk
        or get_permission_policy().user_has_permission_for_instance(
            user, "change", file
        )
    )
