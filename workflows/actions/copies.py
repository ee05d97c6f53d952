"""Controlled copies: issuing a numbered copy of the issue in force, marking
older copies to be replaced when a newer issue comes into force, and the
holder's confirmation of the exchange."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from policies.access import may_read, readers_among
from policies.models import ControlledDocumentPage
from policies.roles import APPROVERS, has_role

from ..copy_notifications import CopiesToReplaceNotifier
from ..models import ControlledCopy, ControlledCopyExchange, DocumentIssue

ISSUE_COPY_LOG = "itsms.copy_issued"
EXCHANGE_LOG = "itsms.copy_exchanged"


def may_issue_copies(user, document) -> bool:
    """The document's owner and approvers; never staff."""
    return user.is_authenticated and (
        user.pk == document.document_owner_id or has_role(user, APPROVERS)
    )


def issue_in_force(document) -> DocumentIssue | None:
    if document.withdrawn or not document.live:
        return None
    return (
        DocumentIssue.objects.filter(document_id=document.pk)
        .order_by("-major", "-minor")
        .first()
    )


@dataclass
class CopyRequest:
    """To whom a copy goes: a holder, or a location with a responsible person."""

    holder: object = None
    location: str = ""
    responsible: object = None


class IssueControlledCopyAction(BaseAction):
    """Issue the next numbered copy of the issue in force to a holder or to a
    location; logged. A holder (or responsible) must be able to read the
    document: a confidential one is never copied to someone outside it."""

    action_name = "issue_controlled_copy"

    def __init__(self, document, request: CopyRequest, *, user):
        super().__init__(document, user=user)
        self.document, self.request = document, request

    def check(self, skip_permission_checks=False):
        document = ControlledDocumentPage.objects.get(pk=self.document.pk)
        if not skip_permission_checks and not may_issue_copies(self.user, document):
            raise PermissionDenied(
                "Only the document's owner and approvers issue controlled copies."
            )
        request, errors = self.request, {}
        location = request.location.strip()
        if request.holder and (location or request.responsible):
            errors["holder"] = "Issue a copy to a holder or to a location, not both."
        elif not request.holder and not (location and request.responsible):
            errors["holder"] = (
                "Name a holder, or a location and the person responsible for it."
            )
        keeper = request.holder or request.responsible
        if keeper is not None and not (keeper.is_active and may_read(keeper, document)):
            errors["holder" if request.holder else "responsible"] = (
                f"{keeper.get_username()} may not read this document: no copy."
            )
        if issue_in_force(document) is None:
            errors["document"] = "Only the issue in force of a live document is copied."
        if errors:
            raise ValidationError(errors)

    def execute(self, skip_permission_checks=False) -> ControlledCopy:
        self.check(skip_permission_checks)
        request = self.request
        with transaction.atomic():
            document = ControlledDocumentPage.objects.select_for_update().get(
                pk=self.document.pk
            )
            issue = issue_in_force(document)
            last = ControlledCopy.objects.filter(document=document).aggregate(
                last=Max("number")
            )["last"]
            copy = ControlledCopy.objects.create(
                document=document,
                issue=issue,
                number=(last or 0) + 1,
                holder=request.holder,
                location=request.location.strip() if not request.holder else "",
                responsible=None if request.holder else request.responsible,
                issued_by=self.user,
            )
            log(
                instance=document,
                action=ISSUE_COPY_LOG,
                user=self.user,
                data={
                    "number": copy.number,
                    "label": issue.label,
                    "to": copy.issued_to,
                },
            )
        return copy


def mark_copies_to_replace(issue: DocumentIssue) -> int:
    """A newer issue came into force: every copy of an older issue not yet marked
    is to be replaced from now, and its holder told once (one message each, after
    commit). Returns how many copies were marked."""
    copies = list(
        ControlledCopy.objects.filter(
            document_id=issue.document_id, replace_since__isnull=True
        )
        .exclude(issue=issue)
        .only("pk", "number", "holder_id", "responsible_id")
    )
    if not copies:
        return 0
    ControlledCopy.objects.filter(pk__in=[c.pk for c in copies]).update(
        replace_since=timezone.now()
    )
    numbers = defaultdict(list)
    for copy in copies:
        numbers[copy.keeper_id].append(copy.number)
    # Never mail a confidential document to someone no longer among its readers.
    document = ControlledDocumentPage.objects.get(pk=issue.document_id)
    readers = set(
        readers_among(
            get_user_model().objects.filter(pk__in=list(numbers)), document
        ).values_list("pk", flat=True)
    )
    numbers = {pk: sorted(n) for pk, n in numbers.items() if pk in readers}
    if numbers:
        CopiesToReplaceNotifier()(issue, user_ids=list(numbers), numbers=numbers)
    return len(copies)


def copies_with_detail(copies):
    """Copies with all a list shows, in a fixed number of queries."""
    return copies.select_related(
        "document", "issue", "holder", "responsible", "issued_by"
    ).annotate(exchanged_at=Max("exchanges__at"))


def copies_kept_by(user):
    return ControlledCopy.objects.filter(Q(holder=user) | Q(responsible=user))


class ConfirmExchangeAction(BaseAction):
    """ "I have replaced copy N with version X.Y and destroyed the old one": only
    the copy's holder (or responsible), only for a copy to be replaced, and only
    for the issue in force. Recorded append-only and in the audit log."""

    action_name = "confirm_copy_exchange"

    def __init__(self, copy: ControlledCopy, *, user):
        super().__init__(copy, user=user)
        self.copy = copy

    def check(self, skip_permission_checks=False):
        copy = self.copy
        if self.user.pk != copy.keeper_id:
            raise PermissionDenied("Only the copy's holder confirms its exchange.")
        if copy.replace_since is None:
            raise ValidationError(f"Copy {copy.number} is of the issue in force.")
        if issue_in_force(copy.document) is None:
            raise ValidationError("The document is withdrawn: nothing to exchange.")

    def execute(self, skip_permission_checks=False) -> ControlledCopyExchange:
        with transaction.atomic():
            copy = ControlledCopy.objects.select_for_update().get(pk=self.copy.pk)
            self.copy = copy
            self.check(skip_permission_checks)
            new = issue_in_force(copy.document)
            try:
                with transaction.atomic():
                    exchange = ControlledCopyExchange.objects.create(
                        copy=copy,
                        old_issue_id=copy.issue_id,
                        new_issue=new,
                        confirmed_by=self.user,
                    )
            except IntegrityError as error:
                raise ValidationError("Exchanged already.") from error
            ControlledCopy.objects.filter(pk=copy.pk).update(
                issue=new, replace_since=None
            )
            log(
                instance=copy.document,
                action=EXCHANGE_LOG,
                user=self.user,
                data={"number": copy.number, "label": new.label},
            )
        return exchange
