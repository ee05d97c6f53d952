"""E-mail each person their overdue reading in one digest, and each document owner who
is overdue on their documents; at most once a day each however often this runs
(schedule it daily, like send_review_reminders)."""

from itertools import groupby

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from workflows.models import ReadingReminder
from workflows.notifications import OverdueReadersNotifier, OverdueReadingNotifier
from workflows.reading_selectors import overdue_reading

REMINDER_LOG = "itsms.reading_reminder"


class Command(BaseCommand):
    help = "Remind people of overdue reading and tell owners who is overdue."

    def handle(self, *args, **options):
        today = timezone.localdate()
        overdue = list(overdue_reading(today))
        readers = self.digest(
            sorted(overdue, key=lambda item: item.user_id),
            key=lambda item: item.user_id,
            recipient=lambda items: items[0].user,
            kind=ReadingReminder.Kind.READER,
            notify=OverdueReadingNotifier(),
            today=today,
        )
        owners = self.digest(
            sorted(overdue, key=lambda item: item.issue.document.document_owner_id),
            key=lambda item: item.issue.document.document_owner_id,
            recipient=lambda items: items[0].issue.document.document_owner,
            kind=ReadingReminder.Kind.OWNER,
            notify=OverdueReadersNotifier(),
            today=today,
        )
        self.stdout.write(
            f"Sent {readers} reading reminder(s) and {owners} owner digest(s)."
        )

    def digest(self, items, *, key, recipient, kind, notify, today):
        sent = 0
        for _, group in groupby(items, key=key):
            group = list(group)
            person = recipient(group)
            if not (person.is_active and person.email):
                continue
            try:
                with transaction.atomic():
                    ReadingReminder.objects.create(
                        user=person, kind=kind, sent_on=today
                    )
                    # Inside the transaction: a failed send leaves no record, so
                    # the next run tries again.
                    notify(group, user=person, today=today)
                    if kind == ReadingReminder.Kind.READER:
                        for item in group:
                            log(
                                instance=item.issue.document,
                                action=REMINDER_LOG,
                                user=None,
                                data={
                                    "to": person.get_username(),
                                    "label": item.issue.label,
                                    "due_on": item.due_on.isoformat(),
                                },
                            )
            except IntegrityError:
                continue  # sent today already
            sent += 1
        return sent
