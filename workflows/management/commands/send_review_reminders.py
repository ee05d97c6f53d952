"""E-mail each owner the documents overdue or due for review within 30 days; an owner
gets at most one reminder a day however often this runs (schedule it daily)."""

from itertools import groupby

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from workflows.models import ReviewReminder
from workflows.notifications import ReviewDueNotifier
from workflows.selectors import documents_due_for_review


class Command(BaseCommand):
    help = "E-mail owners about documents due for review (at most once a day each)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        documents = sorted(
            documents_due_for_review(today), key=lambda d: d.document_owner_id
        )
        sent, notify = 0, ReviewDueNotifier()
        for _, owned in groupby(documents, key=lambda d: d.document_owner_id):
            owned = list(owned)
            owner = owned[0].document_owner
            if not (owner.is_active and owner.email):
                continue
            try:
                with transaction.atomic():
                    ReviewReminder.objects.create(owner=owner, sent_on=today)
                    # Sent inside the transaction: a failed send leaves no
                    # reminder record, so the next run tries again.
                    notify(owned, today=today)
            except IntegrityError:
                continue  # reminded today already
            sent += 1
        self.stdout.write(f"Sent {sent} review reminder(s).")
