from datetime import timedelta

from django.utils import timezone

from policies.models import ControlledDocumentPage

REVIEW_WINDOW_DAYS = 30


def documents_due_for_review(today=None, owner=None):
    """Current documents whose review is overdue or due in the next 30 days,
    soonest first."""
    today = today or timezone.localdate()
    documents = (
        ControlledDocumentPage.objects.live()
        .filter(
            withdrawn=False,
            next_review_due__lte=today + timedelta(days=REVIEW_WINDOW_DAYS),
        )
        .select_related("document_owner")
        .order_by("next_review_due", "document_number")
    )
    if owner is not None:
        documents = documents.filter(document_owner=owner)
    return documents
