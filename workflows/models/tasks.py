"""Review and approval: Wagtail workflow tasks that bind each sign-off to the exact
revision submitted. Decisions are taken on the sign-off page
(workflows.actions.sign_off), never by one click."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from wagtail.models import AbstractGroupApprovalTask, TaskState

from policies.models import ControlledDocumentPage
from policies.roles import in_group, is_approver, user_groups

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
SIGNED_ELSEWHERE = (
    "You have already signed this draft in another step: someone else must sign "
    "this one."
)
SIGN_ON_THE_PAGE = "Sign-offs are given on the sign-off page, with your password."


class ControlledDocumentTask(AbstractGroupApprovalTask):
    """What review and approval share: each person's sign-off is recorded against the
    exact revision submitted; nobody signs a draft they wrote or edited, nor one
    revision twice; a draft changed after submission cannot be signed off.

    `sign_off_refusal` is the one answer to "may this user sign off now": the
    sign-off page, the dashboard and the sign-off action all ask it. Wagtail's own
    approve and reject buttons are not offered (`get_actions`): every route to a
    decision leads to the sign-off page, which asks for the signer's password."""

    sign_off_role = None
    sign_off_meaning = ""
    reject_label = "Request changes"

    class Meta:
        abstract = True

    def user_may_act(self, document, user) -> bool:
        """Whether `user` holds this task's authority over `document` (the issue in
        force, see workflows.authority.approval_authority)."""
        return user.is_superuser or self._user_in_groups(user)

    def signed_as(self, document, user) -> str:
        """The authority `user` signs in: the task's group they belong to."""
        names = {group.pk: group.name for group in self.groups.all()}
        mine = [names[pk] for pk in user_groups(user) if pk in names]
        return sorted(mine)[0] if mine else "superuser"

    def eligible_users(self, document):
        """Who is asked to act on this task for `document` (superusers aside)."""
        return (
            get_user_model()
            .objects.filter(is_active=True, groups__in=self.groups.all())
            .distinct()
        )

    def approval_complete(self, task_state, document) -> bool:
        return True

    def sign_off_refusal(
        self, task_state: TaskState, user, document=None
    ) -> str | None:
        """Why `user` may not sign off this task state now, or None. `document`
        is the draft as submitted (task_state.revision.as_object()), if the caller
        has built it already."""
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            return DECIDED
        # Judge the draft as submitted, whatever object the admin passes in.
        document = document or task_state.revision.as_object()
        if is_stale(document, task_state):
            return STALE_DRAFT
        return self.refusal_on(task_state, document, user)

    def refusal_on(self, task_state: TaskState, document, user) -> str | None:
        """The refusals that hold for a task state known to be current."""
        signed = SignOff.objects.filter(
            user=user,
            task_state__workflow_state_id=task_state.workflow_state_id,
            task_state__revision_id=task_state.revision_id,
        ).values_list("task_state_id", flat=True)
        if task_state.pk in signed:
            return ALREADY_SIGNED
        if signed:
            return SIGNED_ELSEWHERE
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
        # No one-click approval anywhere in Wagtail's admin (dashboard menu, editor
        # action menu): decisions are taken on the sign-off page.
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        raise PermissionDenied(SIGN_ON_THE_PAGE)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # Listed on the dashboard; whether this user may sign a given document is
        # decided per document by sign_off_refusal.
        if user.is_superuser or self._user_in_groups(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()


class DocumentReviewTask(ControlledDocumentTask):
    """Review of a submitted draft by members of the chosen groups: approve, or
    request changes with a comment."""

    sign_off_role = SignOff.Role.REVIEWER
    sign_off_meaning = "Reviewed for accuracy and suitability"

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
    sign_off_meaning = "Approved for issue"
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

    def signed_as(self, document, user) -> str:
        if self.requires_named(document) and not user.is_superuser:
            return "named approver"
        if getattr(document, "approving_group_id", None):
            return user_groups(user).get(document.approving_group_id, "superuser")
        return super().signed_as(document, user)

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
