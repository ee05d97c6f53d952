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
        return {
            "role": self.role,
            "user_id": self.user_id,
            "username": self.user.get_username(),
            "name": self.user.get_full_name(),
            "at": self.signed_at.isoformat(),
            "comment": self.comment,
        }
