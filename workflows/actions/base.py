"""What every controlled action on a document shares."""

from typing import ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from policies.models import ControlledDocumentPage, FieldRole

from ..coverage_cache import forget_coverage


class DocumentAction(BaseAction):
    """A controlled change of a document's state outside approval, by one person,
    with a reason (withdraw, reinstate, record or confirm a periodic review).

    Subclasses say who may (`permission_refusal`), when (`state_refusal`) and what
    changes (`perform`); `check()` raises PermissionDenied or ValidationError with
    the reason, and `execute()` runs the change in one transaction on the locked
    document row, writes the audit log entry and notifies (mail leaves once the
    transaction commits)."""

    log_action: ClassVar[str]
    reason_required: ClassVar[str] = ""  # "withdrawal": what the reason is for

    def __init__(self, document: ControlledDocumentPage, *, user, reason: str = ""):
        super().__init__(document, user=user)
        self.document = document
        self.reason = (reason or "").strip()

    def permission_refusal(self) -> str | None:
        """Why this user may not take this action on this document, or None."""
        raise NotImplementedError

    def state_refusal(self, document: ControlledDocumentPage) -> str | None:
        """Why the action cannot be taken on the document as it stands, or None."""
        return None

    def check(self, skip_permission_checks: bool = False) -> None:
        if not skip_permission_checks and (reason := self.permission_refusal()):
            raise PermissionDenied(reason)
        if reason := self.state_refusal(self.document):
            raise ValidationError(reason)

    def is_available(self) -> bool:
        """Whether to offer the action to this user now (buttons and links)."""
        return not (self.permission_refusal() or self.state_refusal(self.document))

    def execute(self, skip_permission_checks: bool = False):
        if not skip_permission_checks and (reason := self.permission_refusal()):
            raise PermissionDenied(reason)
        if self.reason_required and not self.reason:
            raise ValidationError(f"Give the reason for the {self.reason_required}.")
        with transaction.atomic():
            # Decided on the locked row, not on the instance in hand: two people
            # acting at once are handled one after the other.
            document = ControlledDocumentPage.objects.select_for_update().get(
                pk=self.document.pk
            )
            if reason := self.state_refusal(document):
                raise ValidationError(reason)
            result = self.perform(document)
            log(
                instance=document,
                action=self.log_action,
                user=self.user,
                data=self.log_data(document),
            )
            self.notify(document)
        for name in document.fields_with_role(FieldRole.CONTROL):
            setattr(self.document, name, getattr(document, name))
        return result

    def perform(self, document: ControlledDocumentPage):
        raise NotImplementedError

    def log_data(self, document: ControlledDocumentPage) -> dict:
        return {"reason": self.reason}

    def notify(self, document: ControlledDocumentPage) -> None:
        """E-mail about the change (notifiers send once the transaction commits)."""


def update_control_state(document: ControlledDocumentPage, **values) -> None:
    """Write control state (FieldRole.CONTROL) on the document's row, and on the
    instance in hand. The only writer of these fields: revisions never carry them
    and the editor never shows them as editable."""
    allowed = set(document.fields_with_role(FieldRole.CONTROL))
    if unknown := set(values) - allowed:
        raise ValueError(f"Not control state: {', '.join(sorted(unknown))}.")
    ControlledDocumentPage.objects.filter(pk=document.pk).update(**values)
    forget_coverage()  # an update sends no post_save
    for name, value in values.items():
        setattr(document, name, value)
