"""Distribution and acknowledgement of issues: who must read an issue, and the
acknowledgement of having read it."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from policies.access import may_read, readers_among
from policies.models import ControlledDocumentPage, Significance

from ..models import Acknowledgement, DocumentIssue, ReadingRequest
from ..notifications import ReadingRequestedNotifier

ACKNOWLEDGE_LOG = "itsms.acknowledge"
BATCH = 1000


def has_audience(content: dict) -> bool:
    return bool(
        content.get("audience_everyone")
        or content.get("audience_users")
        or content.get("audience_groups")
    )


def audience_ids(content: dict, document) -> list[int]:
    """The active users an issue's approved content says must read it, less anyone
    the document's classification keeps out (a confidential document is never
    sent, listed or mailed to someone who may not read it): one query."""
    users = get_user_model().objects.filter(is_active=True)
    if not content.get("audience_everyone"):
        users = users.filter(
            Q(pk__in=content.get("audience_users") or [])
            | Q(groups__in=content.get("audience_groups") or [])
        )
    users = readers_among(users, document)
    return list(users.values_list("pk", flat=True).distinct())


def ask_to_read(issue: DocumentIssue) -> int:
    """Create the reading requests of an issue that has just come into force, in
    bulk, and send each person one e-mail once the transaction commits. Everyone
    in the audience for a first or major issue, or a minor one whose submitter
    asked for re-acknowledgement; otherwise only those who never acknowledged an
    issue of the document. Returns how many were asked."""
    content = issue.revision.content
    if not has_audience(content):
        return 0
    # As published a moment ago: classification and named readers are approved
    # content, and the instance in hand may predate the publish.
    user_ids = audience_ids(
        content, ControlledDocumentPage.objects.get(pk=issue.document_id)
    )
    everyone_again = (
        issue.previous_id is None
        or issue.significance == Significance.MAJOR
        or content.get("reacknowledge")
    )
    if not everyone_again:
        acknowledged = set(
            Acknowledgement.objects.filter(issue__document_id=issue.document_id)
            .values_list("user_id", flat=True)
            .distinct()
        )
        user_ids = [pk for pk in user_ids if pk not in acknowledged]
    due_on = issue.effective_from + timedelta(
        days=content.get("acknowledge_within_days") or 14
    )
    ReadingRequest.objects.bulk_create(
        [ReadingRequest(issue=issue, user_id=pk, due_on=due_on) for pk in user_ids],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    if user_ids:
        ReadingRequestedNotifier()(issue, user_ids=user_ids, due_on=due_on)
    return len(user_ids)


class AcknowledgeAction(BaseAction):
    """ "I have read and understood issue X.Y": only the issue in force of a
    document the person may read, once; recorded with the label and content hash
    of what they read, and in the audit log (with the channel it came through,
    e.g. an API token, when not the site)."""

    action_name = "acknowledge"

    def __init__(self, issue: DocumentIssue, *, user, via: str = ""):
        super().__init__(issue, user=user)
        self.issue = issue
        self.via = via

    def refusal(self) -> str | None:
        issue = self.issue
        # Read afresh: the instance in hand may predate a publish or withdrawal.
        document = ControlledDocumentPage.objects.get(pk=issue.document_id)
        if not may_read(self.user, document):
            return "You may not read this document."
        if document.withdrawn or not document.live:
            return "This document is withdrawn: there is nothing to acknowledge."
        if DocumentIssue.objects.filter(previous=issue).exists():
            return (
                f"Issue {issue.label} is superseded: read and acknowledge the "
                "issue in force."
            )
        if Acknowledgement.objects.filter(issue=issue, user=self.user).exists():
            return f"You acknowledged issue {issue.label} already."
        return None

    def check(self, skip_permission_checks: bool = False) -> None:
        if reason := self.refusal():
            raise PermissionDenied(reason)

    @transaction.atomic
    def execute(self, skip_permission_checks: bool = False) -> Acknowledgement:
        self.check()
        try:
            with transaction.atomic():
                acknowledgement = Acknowledgement.objects.create(
                    issue=self.issue,
                    user=self.user,
                    label=self.issue.label,
                    content_hash=self.issue.content_hash,
                )
        except IntegrityError as error:  # a second click racing the first
            raise ValidationError("Acknowledged already.") from error
        log(
            instance=self.issue.document,
            action=ACKNOWLEDGE_LOG,
            user=self.user,
            revision=self.issue.revision,
            data={
                "label": self.issue.label,
                "content_hash": self.issue.content_hash,
                **({"via": self.via} if self.via else {}),
            },
        )
        return acknowledgement
