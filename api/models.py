"""Personal API tokens: what an integration presents instead of a session.

Only a SHA-256 of each token is kept. A token is 32 random bytes
(`secrets.token_urlsafe`), so a plain, fast hash is enough, as GitHub does: there
is nothing to guess that a slow, salted hash would protect; and a plain hash lets
a request find its token with one indexed lookup."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

MARKER = "itsms_"  # tells a secret scanner, and a person, what the string is
PREFIX_LENGTH = 8
EXPIRY_DAYS = (7, 30, 90, 365)
DEFAULT_EXPIRY_DAYS = 90


def new_secret() -> str:
    return MARKER + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def prefix_of(secret: str) -> str:
    """The first characters after the marker: enough to tell tokens apart in a
    list or a log, far too few to use."""
    return secret.removeprefix(MARKER)[:PREFIX_LENGTH]


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        # Not "api_tokens": Wagtail 8's own APIToken (for its ninja API v3, which
        # we do not install) holds that name.
        related_name="itsms_api_tokens",
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    key_prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        # The audit log's label: never more of the secret than its prefix.
        return f"API token {self.key_prefix} ({self.name})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def status(self) -> str:
        if self.is_revoked:
            return "Revoked"
        return "Expired" if self.is_expired else "Active"
