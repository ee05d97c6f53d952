"""Admin reports: reviews due, and withdrawn documents."""

from django.template.response import TemplateResponse
from django.utils import timezone

from policies.access import readable
from policies.models import ControlledDocumentPage
from policies.roles import APPROVERS, AUDITORS, has_role, is_approver

from ..actions.review import ConfirmReviewAction
from ..actions.withdrawal import ReinstateDocumentAction
from ..models import ControlEvent
from ..selectors import documents_due_for_review


def reviews_due_for(user):
    if has_role(user, APPROVERS, AUDITORS):
        return documents_due_for_review()
    return documents_due_for_review(owner=user)


def reviews_due_report(request):
    return TemplateResponse(
        request,
        "workflows/reviews_due_report.html",
        {
            "documents": reviews_due_for(request.user),
            "today": timezone.localdate(),
        },
    )


def withdrawn_documents_report(request):
    documents = list(
        readable(ControlledDocumentPage.objects, request.user)
        .filter(withdrawn=True)
        .select_related("document_owner")
        .order_by("document_number")
    )
    may_reinstate = is_approver(request.user)
    for document in documents:
        document.may_reinstate = may_reinstate and (
            ReinstateDocumentAction(document, user=request.user).is_available()
        )
    return TemplateResponse(
        request,
        "workflows/withdrawn_report.html",
        {"documents": documents, "may_reinstate": may_reinstate},
    )


def reviews_to_confirm(user) -> list[ControlEvent]:
    """Recorded periodic reviews awaiting confirmation that `user` may confirm,
    oldest first."""
    pending = (
        ControlEvent.objects.filter(
            kind=ControlEvent.Kind.REVIEW_RECORDED, confirmation__isnull=True
        )
        .select_related("document", "user")
        .order_by("at")
    )
    return [
        review
        for review in pending
        if ConfirmReviewAction(review.document, user=user).is_available()
    ]
