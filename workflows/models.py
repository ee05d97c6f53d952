"""Issue records: the immutable history of what was approved, by whom and when."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
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

    def get_actions(self, obj, user):
        task_state = obj.current_workflow_task_state
        if task_state is None:
            return []
        # Judge the draft as submitted, whatever object the admin passes in.
        document = task_state.revision.as_object()
        if not self.user_may_act(document, user) or refusal(document, user, task_state):
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
        document = task_state.revision.as_object()
        reason = refusal(document, user, task_state)
        if reason or not self.user_may_act(document, user):
            raise PermissionDenied(reason or "You may not act on this task.")
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied("This task has already been decided.")
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
            if self.approval_complete(task_state, document):
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

    def user_may_act(self, document, user):
        if user.is_superuser:
            return True
        if self.require_all_named_approvers:
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
        if self.require_all_named_approvers:
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
        if not self.require_all_named_approvers:
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


def refusal(document, user, task_state=None):
    """Why `user` may not sign off the document's draft now, or None."""
    if (
        task_state is not None
        and document.get_latest_revision().pk != task_state.revision_id
    ):
        return (
            "The draft changed after it was submitted: earlier sign-offs are void "
            "and it must go through review again."
        )
    if user.pk in draft_author_ids(document):
        return (
            "You wrote or edited this draft: someone else must review and approve it."
        )
    return None


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
