"""What an event says: its JSON payload. Metadata only, never a document's body:
the receiver is not a person the library's access rules can check."""

import uuid
from datetime import date, datetime

from django.conf import settings
from django.urls import reverse

from policies.models import ControlledDocumentPage

from .models import EventType

# Audit log actions (workflows.actions) and the event each one is.
EVENTS_BY_LOG_ACTION = {
    "itsms.issue": EventType.ISSUED,
    "itsms.withdraw": EventType.WITHDRAWN,
    "itsms.reinstate": EventType.REINSTATED,
}
# What an issue's log entry adds to its event.
ISSUE_FIELDS = ("label", "significance", "change_summary", "content_hash")


def absolute(path: str) -> str:
    # Built from the configured base URL: events are made outside any request.
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def document_summary(document: ControlledDocumentPage) -> dict:
    number = document.document_number
    return {
        "number": number,
        "title": document.title,
        "type": document.specific_class.type_slug,
        "version": document.current_version_label,
        "status": document.status.lower(),
        "effective_date": iso(document.effective_date),
        "next_review_due": iso(document.next_review_due),
        "permalink": absolute(reverse("document_permalink", args=(number,))),
        "api_url": absolute(f"/api/v1/documents/{number}/"),
    }


def payload(
    event_type: str,
    document: ControlledDocumentPage,
    *,
    event_id: uuid.UUID,
    created_at: datetime,
    **details,
) -> dict:
    return {
        "id": str(event_id),
        "type": str(event_type),
        "created_at": created_at.isoformat(),
        "document": document_summary(document),
        **details,
    }


def details_from_log_entry(event_type: str, log_entry) -> dict:
    """The event's own fields, from what the action logged."""
    data = log_entry.data or {}
    if event_type == EventType.ISSUED:
        return {name: data.get(name, "") for name in ISSUE_FIELDS}
    return {
        "reason": data.get("reason", ""),
        "by": log_entry.user.get_username() if log_entry.user_id else None,
    }


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
