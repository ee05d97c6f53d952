"""Who may read a document, and who must read and acknowledge each issue of it."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalManyToManyField

from ..fields import Classification


class DocumentReaders(models.Model):
    """Who may read a document (policies.access): everyone signed in, or for a
    confidential one only the people named here and those access names."""

    # Indexed: every list, search and count excludes the confidential documents a
    # reader may not read (policies.access), which without it scans the library.
    classification = models.CharField(
        max_length=20,
        choices=Classification.choices,
        default=Classification.INTERNAL,
        db_index=True,
    )
    # Who may read a confidential document besides its owner, the people of its
    # sections' shares, reviewers, approvers and auditors (policies.access). Part
    # of the approved content: a change of audience is a controlled change.
    reader_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="readers (people)",
        help_text="For a confidential document: the people who may read it.",
    )
    reader_groups = ParentalManyToManyField(
        Group,
        blank=True,
        related_name="+",
        verbose_name="readers (groups)",
        help_text="For a confidential document: the groups whose members may read it.",
    )

    class Meta:
        abstract = True


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
