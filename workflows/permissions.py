"""Authority over a document's state: who may withdraw, reinstate or confirm its
periodic review. The same people who may approve its next issue
(docs/decisions/0004-what-an-approver-is.md)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import Page

from policies.models import ControlledDocumentPage
from policies.roles import is_approver

from .authority import approval_authority
from .models import DocumentApprovalTask


def approval_task_for(document: ControlledDocumentPage) -> DocumentApprovalTask | None:
    """The approval task of the nearest active workflow, assigned to the document or
    an ancestor, that has one; None if none does. One query: the ancestors' paths
    are prefixes of the document's own tree path."""
    steps = range(Page.steplen, len(document.path) + 1, Page.steplen)
    return (
        DocumentApprovalTask.objects.filter(
            active=True,
            workflow_tasks__workflow__active=True,
            workflow_tasks__workflow__workflow_pages__page__path__in=[
                document.path[:end] for end in steps
            ],
        )
        .order_by("-workflow_tasks__workflow__workflow_pages__page__depth")
        .first()
    )


def holds_approval_authority(
    user: AbstractBaseUser, document: ControlledDocumentPage
) -> bool:
    """Whether the document's approval task would let `user` approve its next issue
    (any approver, without an approval task). Remembered on the document instance
    for the user, as a page asks it of several actions."""
    cache = document.__dict__.setdefault("_itsms_approval_authority", {})
    if user.pk not in cache:
        task = approval_task_for(document)
        cache[user.pk] = task is None or task.user_may_act(
            approval_authority(document), user
        )
    return cache[user.pk]


def approval_refusal(
    user: AbstractBaseUser, document: ControlledDocumentPage, verb: str
) -> str | None:
    """Why `user` may not `verb` the document (an approver's decision), or None.

    An approver of the document is whoever its approval task would let approve its
    next issue: every named approver, or a member of its approving group, or of the
    task's groups. Without an approval task, any approver."""
    if user.is_superuser:
        return None
    if not is_approver(user):
        return f"Only an approver may {verb} a document."
    if not holds_approval_authority(user, document):
        return f"Only an approver of {document.document_number} may {verb} it."
    return None


def approvers_of(document: ControlledDocumentPage):
    """The active users who hold approval authority over the document (superusers
    aside): whom its approval matters concern."""
    task = approval_task_for(document)
    if task is None:
        return get_user_model().objects.none()
    return task.eligible_users(approval_authority(document))
