"""Announce `document.review_due` to webhooks for documents overdue or due for
review within 30 days: once per document and review date, however often this runs
(schedule it daily, like send_review_reminders)."""

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from webhooks.dispatch import announce
from webhooks.models import EventType, ReviewDueAnnouncement
from workflows.selectors import documents_due_for_review


class Command(BaseCommand):
    help = "Send document.review_due webhook events (once per document and date)."

    def handle(self, *args, **options):
        announced = 0
        for document in documents_due_for_review(timezone.localdate()):
            try:
                with transaction.atomic():
                    # The unique constraint decides, even when two runs overlap.
                    ReviewDueAnnouncement.objects.create(
                        document=document, next_review_due=document.next_review_due
                    )
                    announce(EventType.REVIEW_DUE, document)
            except IntegrityError:
                continue  # announced for this review date already
            announced += 1
        self.stdout.write(f"Announced {announced} document(s) due for review.")
