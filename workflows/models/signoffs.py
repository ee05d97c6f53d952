"""Sign-offs: who reviewed or approved the exact revision a task was bound to."""

from django.conf import settings
from django.db import models
from django.utils import timezone


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
    # What was signed and what the signature means, as the signer saw it: the
    # content hash of the revision (file bytes included), the meaning stated on the
    # sign-off page, and the name and authority the signer signed with.
    content_hash = models.CharField(max_length=64, blank=True)
    meaning = models.CharField(max_length=120, blank=True)
    signer_name = models.CharField(max_length=150, blank=True)
    signed_as = models.CharField(
        max_length=150,
        blank=True,
        help_text="The authority signed in: a group, or 'named approver'.",
    )

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "user"], name="one_sign_off_per_person_and_task"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.user_id} on {self.task_state_id}"

    def as_record(self) -> dict:
        """The sign-off as the issue record keeps it."""
        return sign_off_record(
            self.role,
            self.user,
            signed_as=self.signed_as,
            meaning=self.meaning,
            content_hash=self.content_hash,
            at=self.signed_at,
            comment=self.comment,
            name=self.signer_name,
        )


def sign_off_record(
    role, user, *, signed_as, meaning, content_hash, at, comment="", name=""
) -> dict:
    """A sign-off as an issue record keeps it (DocumentIssue.sign_offs): the one
    shape whoever writes it (the sign-off page, the demo's history, bench)."""
    return {
        "role": role,
        "user_id": user.pk,
        "username": user.get_username(),
        "name": name or user.get_full_name(),
        "signed_as": signed_as,
        "meaning": meaning,
        "content_hash": content_hash,
        "at": at.isoformat(),
        "comment": comment,
    }
