"""Review and approval: Wagtail workflow tasks that bind each sign-off to the exact
revision submitted."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from wagtail.models import AbstractGroupApprovalTask, TaskState

from policies.models import ControlledDocumentPage
from policies.roles import in_group, is_approver

from ..actions.restart import RestartReviewAction
from ..authority import (
    SELF_SIGN_OFF,
    STALE_DRAFT,
    approval_authority,
    draft_author_ids,
    is_stale,
)
from .signoffs import SignOff

DECIDED = "This task has already been decided."
ALREADY_SIGNED = "You have signed off this draft already."


class ControlledDocumentTask(AbstractGroupApprovalTask):
    """What review and approval share: each person's sign-off is recorded against the
    exact revision submitted; nobody acts on a draft they wrote or edited; a draft
    changed after submission cannot be signed off; two people acting at once are
    handled one after the other.

    `sign_off_refusal` is the one answer to "may this user sign off now": the
    buttons (get_actions), the action itself (on_action) and the editor's lock all
    ask it."""

    sign_off_role = None
    reject_label = "Request changes"

    class Meta:
        abstract = True

    def user_may_act(self, document, user) -> bool:
        """Whether `user` holds this task's authority over `document` (the issue in
        force, see workflows.authority.approval_authority)."""
        return user.is_superuser or self._user_in_groups(user)

    def eligible_users(self, document):
        """Who is asked to act on this task for `document` (superusers aside)."""
        return (
            get_user_model()
            .objects.filter(is_active=True, groups__in=self.groups.all())
            .distinct()
        )

    def approval_complete(self, task_state, document) -> bool:
        return True

    def sign_off_refusal(self, task_state: TaskState, user) -> str | None:
        """Why `user` may not sign off this task state now, or None."""
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            return DECIDED
        # Judge the draft as submitted, whatever object the admin passes in.
        document = task_state.revision.as_object()
        if is_stale(document, task_state):
            return STALE_DRAFT
        if task_state.sign_offs.filter(user=user).exists():
            return ALREADY_SIGNED
        return self._refusal(document, user)

    def _refusal(self, document, user) -> str | None:
        if user.pk in draft_author_ids(document):
            return SELF_SIGN_OFF
        if not self.user_may_act(approval_authority(document), user):
            return "You may not act on this task."
        return None

    def user_can_access_editor(self, obj, user):
        return self.user_may_act(approval_authority(obj), user)

    def locked_for_user(self, obj, user):
        return not self.user_can_access_editor(obj, user)

    def get_actions(self, obj, user):
        task_state = obj.current_workflow_task_state
        if task_state is None or self.sign_off_refusal(task_state, user):
            return []
        return [
            ("reject", self.reject_label, True),
            ("approve", "Approve", False),
            ("approve", "Approve with comment", True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # Listed on the dashboard ("Awaiting your review"); whether this user may act
        # on a given document is decided per document by get_actions.
        if user.is_superuser or self._user_in_groups(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        task_state = TaskState.objects.select_for_update().get(pk=task_state.pk)
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied(DECIDED)
        document = task_state.revision.as_object()
        if is_stale(document, task_state):
            # The draft changed under the task (for instance edited and approved in
            # one go from the editor): sign-offs are void, review starts again.
            RestartReviewAction(document, user=user).execute()
            return
        if reason := self._refusal(document, user):
            raise PermissionDenied(reason)
        if task_state.sign_offs.filter(user=user).exists():
            if action_name == "approve":
                return  # a repeated click; the first one counted
            raise PermissionDenied(ALREADY_SIGNED)
        comment = kwargs.get("comment", "")
        if action_name == "reject":
            task_state.reject(user=user, comment=comment)
        elif action_name == "approve":
            SignOff.objects.create(
                task_state=task_state,
                user=user,
                role=self.sign_off_role,
                comment=comment,
            )
            if self.approval_complete(task_state, approval_authority(document)):
                task_state.approve(user=user, comment=comment)


class DocumentReviewTask(ControlledDocumentTask):
    """Review of a submitted draft by members of the chosen groups: approve, or
    request changes with a comment."""

    sign_off_role = SignOff.Role.REVIEWER

    class Meta:
        verbose_name = "document review task"

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups review the draft; never its own authors."


class DocumentApprovalTask(ControlledDocumentTask):
    """Approval of a reviewed draft: any one member of the document's approving group
    (or of this task's groups), or every named approver of the document. The final
    approval issues the document (workflows.actions.issue)."""

    sign_off_role = SignOff.Role.APPROVER
    reject_label = "Reject"

    require_all_named_approvers = models.BooleanField(
        default=False,
        help_text="Every named approver of the document must approve, instead of "
        "any one member of the approving group.",
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + [
        "require_all_named_approvers"
    ]

    class Meta:
        verbose_name = "document approval task"

    @classmethod
    def get_description(cls):
        return (
            "The approving group, or every named approver, approves the reviewed "
            "draft; never its own authors. The final approval issues the document."
        )

    def requires_named(self, document) -> bool:
        # With nobody named, "every named approver" falls back to the approving group.
        return (
            self.require_all_named_approvers
            and isinstance(document, ControlledDocumentPage)
            and bool(document.approvers.all())
        )

    def user_may_act(self, document, user) -> bool:
        if user.is_superuser:
            return True
        if self.requires_named(document):
            return any(approver.pk == user.pk for approver in document.approvers.all())
        if getattr(document, "approving_group_id", None):
            return in_group(user, document.approving_group_id)
        return self._user_in_groups(user)

    def eligible_users(self, document):
        if self.requires_named(document):
            return get_user_model().objects.filter(
                is_active=True, pk__in=[a.pk for a in document.approvers.all()]
            )
        if getattr(document, "approving_group_id", None):
            return get_user_model().objects.filter(
                is_active=True, groups=document.approving_group_id
            )
        return super().eligible_users(document)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # Approvers may also come from a document's own approving group.
        if is_approver(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return super().get_task_states_user_can_moderate(user, **kwargs)

    def approval_complete(self, task_state, document) -> bool:
        if not self.requires_named(document):
            return True
        named = {approver.pk for approver in document.approvers.all()}
        signed = set(task_state.sign_offs.values_list("user_id", flat=True))
        return named <= signed
