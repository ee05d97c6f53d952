"""Controlled actions outside approval: withdraw, reinstate, record a periodic review.

Each checks who may act, changes state in one transaction and writes the audit log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log

from policies.dates import add_months
from policies.models import ControlledDocumentPage
from policies.roles import APPROVERS, has_role

from . import notifications
from .models import ControlEvent


def is_approver(user):
    return has_role(user, APPROVERS)


def require_reason(reason, what):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(f"Give the reason for the {what}.")
    return reason


def locked(document):
    return ControlledDocumentPage.objects.select_for_update().get(pk=document.pk)


@transaction.atomic
def withdraw_document(document, *, user, reason):
    """Take a document out of use: unpublished, out of the library and search, its
    issues kept, and closed to edits until reinstated."""
    if not is_approver(user):
        raise PermissionDenied("Only an approver may withdraw a document.")
    reason = require_reason(reason, "withdrawal")
    document = locked(document)
    if document.withdrawn:
        raise ValidationError(f"{document.document_number} is already withdrawn.")
    if document.workflow_in_progress:
        document.current_workflow_state.cancel(user=user)
    if document.live:
        UnpublishPageAction(document, user=user, log_action=False).execute(
            skip_permission_checks=True
        )
    ControlledDocumentPage.objects.filter(pk=document.pk).update(withdrawn=True)
    event = ControlEvent.objects.create(
        document=document, kind=ControlEvent.Kind.WITHDRAWN, user=user, comment=reason
    )
    log(instance=document, action="itsms.withdraw", user=user, data={"reason": reason})
    notifications.document_withdrawn(document, user, reason)
    return event


@transaction.atomic
def reinstate_document(document, *, user, reason):
    """Open a withdrawn document to edits again. It stays out of use until a new
    draft is approved: reinstating publishes nothing."""
    if not is_approver(user):
        raise PermissionDenied("Only an approver may reinstate a document.")
    reason = require_reason(reason, "reinstatement")
    document = locked(document)
    if not document.withdrawn:
        raise ValidationError(f"{document.document_number} is not withdrawn.")
    ControlledDocumentPage.objects.filter(pk=document.pk).update(withdrawn=False)
    event = ControlEvent.objects.create(
        document=document, kind=ControlEvent.Kind.REINSTATED, user=user, comment=reason
    )
    log(instance=document, action="itsms.reinstate", user=user, data={"reason": reason})
    return event


@transaction.atomic
def record_review(document, *, user, comment):
    """The owner records a periodic review that found no change needed; an approver
    confirms it (confirm_review) before the next review date moves."""
    if user.pk != document.document_owner_id and not user.is_superuser:
        raise PermissionDenied("Only the document's owner records its review.")
    comment = require_reason(comment, "review")
    document = locked(document)
    if document.withdrawn or not document.live:
        raise ValidationError("Only a current document can be reviewed.")
    if pending_review(document):
        raise ValidationError(
            "A review of this document is already awaiting an approver."
        )
    event = ControlEvent.objects.create(
        document=document,
        kind=ControlEvent.Kind.REVIEW_RECORDED,
        user=user,
        comment=comment,
    )
    log(
        instance=document,
        action="itsms.review_recorded",
        user=user,
        data={"comment": comment},
    )
    return event


def pending_review(document):
    return (
        ControlEvent.objects.filter(
            document=document,
            kind=ControlEvent.Kind.REVIEW_RECORDED,
            confirmation__isnull=True,
        )
        .order_by("-at")
        .first()
    )


@transaction.atomic
def confirm_review(review, *, user, comment=""):
    """An approver confirms a "no change needed" review: the next review falls due a
    full interval from today, with no new version."""
    if not is_approver(user):
        raise PermissionDenied("Only an approver may confirm a review.")
    if user.pk == review.user_id:
        raise PermissionDenied("Someone other than the reviewer must confirm it.")
    document = locked(review.document)
    if ControlEvent.objects.filter(confirms=review).exists():
        raise ValidationError("This review is already confirmed.")
    today = timezone.localdate()
    next_review = add_months(today, document.review_interval_months)
    ControlledDocumentPage.objects.filter(pk=document.pk).update(
        next_review_due=next_review
    )
    event = ControlEvent.objects.create(
        document=document,
        kind=ControlEvent.Kind.REVIEW_CONFIRMED,
        user=user,
        comment=comment or "Confirmed.",
        confirms=review,
    )
    log(
        instance=document,
        action="itsms.review_confirmed",
        user=user,
        data={"review_id": review.pk, "next_review_due": next_review.isoformat()},
    )
    return event
