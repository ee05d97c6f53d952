"""Issue records: the immutable history of what was approved, by whom and when."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import AbstractGroupApprovalTask, TaskState


class Significance(models.TextChoices):
    MINOR = "minor", "Minor change"
    MAJOR = "major", "Major change"


class DocumentIssue(models.Model):
    """One approved issue of a controlled document (design.md invariant 4).

    Written once, in the same transaction that publishes the approved revision, and
    never changed or deleted by the application. `content_hash` covers the approved
    content; `chain_hash` covers this record and the previous issue's chain hash, so
    that any change made behind the application's back can be detected.
    """

    document = models.ForeignKey(
        "policies.ControlledDocumentPage",
        on_delete=models.PROTECT,
        related_name="issues",
    )
    # One issue per revision: two approvals racing on the same revision cannot both
    # write a record (invariant 5).
    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="document_issue"
    )
    # One successor per issue: the history of a document is a single chain.
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_issue",
    )
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    significance = models.CharField(max_length=10, choices=Significance.choices)
    change_summary = models.TextField()
    effective_from = models.DateField()
    sign_offs = models.JSONField(
        help_text="Every review and approval of this revision: role, user, name, "
        "time and comment, in the order they were given.",
    )
    content_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "major", "minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "major", "minor"], name="unique_issue_label"
            ),
        ]
        indexes = [models.Index(fields=["document", "effective_from"])]

    def __str__(self):
        return f"{self.document_id} {self.label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("An issue record is immutable once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("An issue record is never deleted.")

    @property
    def label(self):
        return f"{self.major}.{self.minor}"

    @property
    def effective_to(self):
        """The day the next issue took effect (this one is then superseded), or
        None while this is the current issue. Derived, so records never change."""
        try:
            return self.next_issue.effective_from
        except DocumentIssue.DoesNotExist:
            return None


class SignOff(models.Model):
    """One person's review or approval of the exact revision a task state is bound to.

    Kept for every task, so the issue record lists every reviewer and approver with
    time and comment, and so an approval task can wait for all named approvers."""

    class Role(models.TextChoices):
        REVIEWER = "reviewer", "Reviewer"
        APPROVER = "approver", "Approver"

    task_state = models.ForeignKey(
        "wagtailcore.TaskState", on_delete=models.PROTECT, related_name="sign_offs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    comment = models.TextField(blank=True)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "user"], name="one_sign_off_per_person_and_task"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.user_id} on {self.task_state_id}"

    def as_record(self):
        return {
            "role": self.role,
            "user_id": self.user_id,
            "username": self.user.get_username(),
            "name": self.user.get_full_name(),
            "at": self.signed_at.isoformat(),
            "comment": self.comment,
        }


class ControlledDocumentTask(AbstractGroupApprovalTask):
    """What review and approval share: each person's sign-off is recorded against the
    exact revision submitted; nobody acts on a draft they wrote or edited; a draft
    changed after submission cannot be signed off; two people acting at once are
    handled one after the other."""

    sign_off_role = None
    reject_label = "Request changes"

    class Meta:
        abstract = True

    def user_may_act(self, document, user):
        return user.is_superuser or self._user_in_groups(user)

    def eligible_users(self, document):
        """Who is asked to act on this task for `document` (superusers aside)."""
        return (
            get_user_model()
            .objects.filter(is_active=True, groups__in=self.groups.all())
            .distinct()
        )

    def approval_complete(self, task_state, document):
        return True

    def user_can_access_editor(self, obj, user):
        return self.user_may_act(approval_authority(obj), user)

    def locked_for_user(self, obj, user):
        return not self.user_can_access_editor(obj, user)

    def get_actions(self, obj, user):
        task_state = obj.current_workflow_task_state
        if task_state is None:
            return []
        # Judge the draft as submitted, whatever object the admin passes in.
        document = task_state.revision.as_object()
        if not self.user_may_act(approval_authority(document), user) or refusal(
            document, user, task_state
        ):
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
            raise PermissionDenied("This task has already been decided.")
        document = task_state.revision.as_object()
        if is_stale(document, task_state):
            # The draft changed under the task (for instance edited and approved in
            # one go from the editor): void the sign-offs and start review again.
            restart_workflow(task_state.workflow_state, user)
            return
        reason = refusal(document, user, task_state)
        if reason or not self.user_may_act(approval_authority(document), user):
            raise PermissionDenied(reason or "You may not act on this task.")
        comment = kwargs.get("comment", "")
        if action_name == "reject":
            task_state.reject(user=user, comment=comment)
        elif action_name == "approve":
            if task_state.sign_offs.filter(user=user).exists():
                return  # a repeated click; the first one counted
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
    approval issues the document (see workflows.issues.issue_workflow_state)."""

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

    def requires_named(self, document):
        # With nobody named, "every named approver" falls back to the approving group.
        return self.require_all_named_approvers and bool(document.approvers.all())

    def user_may_act(self, document, user):
        if user.is_superuser:
            return True
        if self.requires_named(document):
            return any(approver.pk == user.pk for approver in document.approvers.all())
        if document.approving_group_id:
            return user.groups.filter(pk=document.approving_group_id).exists()
        return self._user_in_groups(user)

    def get_actions(self, obj, user):
        task_state = obj.current_workflow_task_state
        if task_state and task_state.sign_offs.filter(user=user).exists():
            return []  # signed already; waiting for the other named approvers
        return super().get_actions(obj, user)

    def eligible_users(self, document):
        if self.requires_named(document):
            return get_user_model().objects.filter(
                is_active=True, pk__in=[a.pk for a in document.approvers.all()]
            )
        if document.approving_group_id:
            return get_user_model().objects.filter(
                is_active=True, groups=document.approving_group_id
            )
        return super().eligible_users(document)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # Approvers may also come from a document's own approving group.
        if user.groups.filter(name__iendswith="approvers").exists():
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return super().get_task_states_user_can_moderate(user, **kwargs)

    def approval_complete(self, task_state, document):
        if not self.requires_named(document):
            return True
        named = {approver.pk for approver in document.approvers.all()}
        signed = set(task_state.sign_offs.values_list("user_id", flat=True))
        return named <= signed


def draft_author_ids(document):
    """Everyone who saved a revision of the draft since the last approved issue."""
    revisions = document.revisions.exclude(user=None)
    if document.live_revision_id:
        live_created = (
            document.revisions.filter(pk=document.live_revision_id)
            .values_list("created_at", flat=True)
            .first()
        )
        revisions = revisions.filter(created_at__gt=live_created)
    return set(revisions.values_list("user_id", flat=True))


def is_stale(document, task_state):
    """The draft changed after the task was started on it. Read from the page row:
    a page rebuilt from a revision carries that revision's own latest_revision."""
    from wagtail.models import Page

    latest = (
        Page.objects.filter(pk=document.pk)
        .values_list("latest_revision_id", flat=True)
        .first()
    )
    return latest != task_state.revision_id


def refusal(document, user, task_state=None):
    """Why `user` may not sign off the document's draft now, or None."""
    if task_state is not None and is_stale(document, task_state):
        return (
            "The draft changed after it was submitted: earlier sign-offs are void "
            "and it must go through review again."
        )
    if user.pk in draft_author_ids(document):
        return (
            "You wrote or edited this draft: someone else must review and approve it."
        )
    return None


def approval_authority(document):
    """Whose approval counts: the named approvers and approving group of the issue in
    force, not of the draft under approval (a draft cannot choose its own approvers).
    A document never issued has only its draft to go by."""
    from policies.models import ControlledDocumentPage

    if document.live:
        return ControlledDocumentPage.objects.get(pk=document.pk)
    return document


def restart_workflow(workflow_state, user):
    """Cancel the workflow and start it again on the latest revision, on behalf of
    whoever submitted it: every sign-off so far is void (invariant 2)."""
    workflow, page = workflow_state.workflow, workflow_state.content_object.specific
    requested_by = workflow_state.requested_by or user
    workflow_state.cancel(user=user)
    workflow.start(page, requested_by)


class ControlEvent(models.Model):
    """A controlled action on a document outside approval: withdrawal, reinstatement,
    and periodic reviews that found no change needed. Kept for the history."""

    class Kind(models.TextChoices):
        WITHDRAWN = "withdrawn", "Withdrawn"
        REINSTATED = "reinstated", "Reinstated"
        REVIEW_RECORDED = "review_recorded", "Reviewed, no change needed"
        REVIEW_CONFIRMED = "review_confirmed", "Review confirmed"

    document = models.ForeignKey(
        "policies.ControlledDocumentPage",
        on_delete=models.PROTECT,
        related_name="control_events",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField()
    # For a review confirmation: the review record it confirms.
    confirms = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmation",
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_id} {self.at:%Y-%m-%d}"


class ReviewReminder(models.Model):
    """That an owner was reminded of reviews due on a day: at most one a day."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "sent_on"], name="one_review_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"{self.owner_id} {self.sent_on}"


def refuse_to_rewrite_a_bound_revision(sender, instance, **kwargs):
    """pre_save of Revision. Wagtail may save over an existing revision (autosave's
    overwrite_revision_id); a revision that tasks are bound to or that was issued must
    keep what reviewers and approvers saw (design.md invariants 2 and 4)."""
    if instance.pk is None:
        return
    bound = (
        TaskState.objects.filter(revision_id=instance.pk).exists()
        or DocumentIssue.objects.filter(revision_id=instance.pk).exists()
    )
    if not bound:
        return
    stored = (
        type(instance)
        .objects.filter(pk=instance.pk)
        .values_list("content", flat=True)
        .first()
    )
    if stored is not None and canonical_json(stored) != canonical_json(
        instance.content
    ):
        raise PermissionDenied(
            "This revision was submitted for approval or issued and cannot be "
            "rewritten: save a new revision instead."
        )


def canonical_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True)


def restart_review_when_a_draft_is_saved(
    sender, instance, update_fields=None, **kwargs
):
    """post_save of a controlled document whose latest revision just changed (Wagtail
    saves the page right after creating a revision): a new draft of a page under
    approval voids the sign-offs given so far, however it was saved."""
    from policies.models import ControlledDocumentPage

    if not isinstance(instance, ControlledDocumentPage) or not (
        update_fields and "latest_revision" in update_fields
    ):
        return
    from wagtail.models import WorkflowState

    state = (
        WorkflowState.objects.filter(
            base_content_type_id=instance.get_base_content_type().pk,
            object_id=str(instance.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .select_related("current_task_state")
        .first()
    )
    if (
        state
        and state.current_task_state
        and (state.current_task_state.revision_id != instance.latest_revision_id)
    ):
        restart_workflow(state, instance.latest_revision.user)
