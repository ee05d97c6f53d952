"""Who must read a document, and acknowledge each issue of it."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalManyToManyField


class DocumentAudience(models.Model):
    """The people who must read a document (ISO/IEC 20000-1 5.2.2, 7.3): everyone,
    or named people and groups. Part of the approved content, as is the time they
    have to acknowledge an issue; whether a minor change asks everyone again is
    declared with each submission."""

    audience_everyone = models.BooleanField(
        default=False,
        verbose_name="everyone must read it",
        help_text="Every active user must read and acknowledge each issue.",
    )
    audience_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="must read it (people)",
    )
    audience_groups = ParentalManyToManyField(
        Group,
        blank=True,
        related_name="+",
        verbose_name="must read it (groups)",
    )
    acknowledge_within_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        verbose_name="acknowledge within (days)",
        help_text="How long readers have to acknowledge an issue (1 to 365 days).",
    )
    reacknowledge = models.BooleanField(
        default=False,
        verbose_name="re-acknowledgement required",
        help_text="For a minor change: ask everyone who must read it to read and "
        "acknowledge again (a major change always does).",
    )

    class Meta:
        abstract = True
