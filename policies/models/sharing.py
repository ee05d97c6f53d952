"""Sharing library sections with document owners, as Plone's sharing tab does."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel

from ..roles import user_groups


class SectionShare(models.Model):
    """A library section shared with a person or a group: they edit (and read) the
    documents in it and below it, as their owners do. Granted by administrators."""

    section = models.ForeignKey(
        "policies.DocumentLibraryPage", on_delete=models.CASCADE, related_name="shares"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="person",
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("section"), FieldPanel("user"), FieldPanel("group")]

    class Meta:
        verbose_name = "section share"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, group__isnull=True)
                | models.Q(user__isnull=True, group__isnull=False),
                name="share_with_a_person_or_a_group",
            ),
            models.UniqueConstraint(
                fields=["section", "user"], name="one_share_per_person"
            ),
            models.UniqueConstraint(
                fields=["section", "group"], name="one_share_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.section} shared with {self.user or self.group}"

    def clean(self):
        if bool(self.user_id) == bool(self.group_id):
            raise ValidationError("Share the section with a person or a group.")


def shared_with(user, page) -> bool:
    """Whether a section above `page` (or `page` itself) is shared with `user`."""
    step = page.steplen
    ancestors = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    return SectionShare.objects.filter(
        models.Q(user=user) | models.Q(group__in=list(user_groups(user))),
        section__path__in=ancestors,
    ).exists()
