"""Every signal receiver of webhooks, registered from WebhooksConfig.ready()."""

from django.db.models.signals import post_save
from wagtail.models import PageLogEntry

from policies.models import ControlledDocumentPage

from .dispatch import announce
from .events import EVENTS_BY_LOG_ACTION, details_from_log_entry
from .models import Webhook


def announce_logged_change(sender, instance, created, raw=False, **kwargs):
    """post_save of PageLogEntry: every controlled change of a document (issue,
    withdraw, reinstate) writes its audit log entry inside its own transaction, so
    the entry is the event, seen exactly when the change happens and gone with it
    if it rolls back. The actions know nothing of webhooks."""
    event_type = EVENTS_BY_LOG_ACTION.get(instance.action)
    if not created or raw or event_type is None:
        return
    # One query when no webhook is active, as on most installations.
    if not Webhook.objects.filter(active=True).exists():
        return
    document = ControlledDocumentPage.objects.filter(pk=instance.page_id).first()
    if document is not None:
        announce(event_type, document, **details_from_log_entry(event_type, instance))


def register():
    post_save.connect(
        announce_logged_change,
        sender=PageLogEntry,
        dispatch_uid="webhooks_announce_logged_change",
    )
