"""A reviewer's or approver's decision on the draft a task is bound to."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from wagtail.actions.base import BaseAction
from wagtail.models import TaskState

from ..authority import approval_authority, is_stale
from ..hashing import revision_content_hash
from ..models import SignOff
from ..models.tasks import DECIDED
from ..signing import confirm_identity
from .restart import RestartReviewAction

APPROVE, REJECT = "approve", "reject"
NOT_CONFIRMED = "Your password was not accepted: nothing was signed."


class IdentityNotConfirmed(PermissionDenied):
    """The signer did not prove who they are at the moment of signing."""


class SignOffAction(BaseAction):
    """Approve (sign) or send back the draft of a review or approval task, after the
    signer re-enters their password.

    An approval records a SignOff with the content hash of the revision as it is
    now (file bytes read from storage), the meaning of the signature, the signer's
    name and the authority they sign in; when the task's approvals are complete
    Wagtail moves to the next task or finishes, which issues the document. A draft
    that changed under the task is not signed: review restarts instead. Refusals
    come from the task's own `sign_off_refusal`, which the sign-off page shows."""

    action_name = "sign_off"

    def __init__(
        self,
        task_state: TaskState,
        *,
        user,
        decision: str,
        comment: str = "",
        password: str = "",
        request: HttpRequest | None = None,
    ):
        super().__init__(task_state, user=user)
        self.task_state = task_state
        self.decision = decision
        self.comment = (comment or "").strip()
        self.password = password
        self.request = request

    @property
    def task(self):
        return self.task_state.task.specific

    def check(self, skip_permission_checks: bool = False) -> None:
        self.check_decision()
        if not skip_permission_checks:
            self.check_signer(self.task.sign_off_refusal(self.task_state, self.user))

    def check_decision(self) -> None:
        if self.decision not in (APPROVE, REJECT):
            raise ValidationError(f"Unknown decision '{self.decision[:40]}'.")
        if self.decision == REJECT and not self.comment:
            raise ValidationError(
                "Say what must change: the owner reads your comment with the draft."
            )

    def check_signer(self, refusal: str | None) -> None:
        if refusal:
            raise PermissionDenied(refusal)
        if not confirm_identity(self.user, self.password, self.request):
            raise IdentityNotConfirmed(NOT_CONFIRMED)

    @transaction.atomic
    def execute(self, skip_permission_checks: bool = False) -> str:
        """Returns what happened: "approved", "rejected" or "restarted"."""
        self.task_state = TaskState.objects.select_for_update().get(
            pk=self.task_state.pk
        )
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied(DECIDED)
        document = self.task_state.revision.as_object()
        if is_stale(document, self.task_state):
            RestartReviewAction(document, user=self.user).execute()
            return "restarted"
        self.check_decision()
        if not skip_permission_checks:
            self.check_signer(
                self.task.refusal_on(self.task_state, document, self.user)
            )
        if self.decision == REJECT:
            self.task_state.reject(user=self.user, comment=self.comment)
            return "rejected"
        authority = approval_authority(document)
        SignOff.objects.create(
            task_state=self.task_state,
            user=self.user,
            role=self.task.sign_off_role,
            comment=self.comment,
            content_hash=revision_content_hash(self.task_state.revision),
            meaning=self.task.sign_off_meaning,
            signer_name=self.user.get_full_name() or self.user.get_username(),
            signed_as=self.task.signed_as(authority, self.user),
        )
        if self.task.approval_complete(self.task_state, authority):
            self.task_state.approve(user=self.user, comment=self.comment)
        return "approved"
