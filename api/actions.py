"""Creating and revoking a personal API token: state changes, so actions in the
manner of wagtail.actions. `check()` says who may and why not; `execute()` changes
state in one transaction and writes Wagtail's audit log (Settings → Reports → Site
history), naming the token by its prefix, never by its secret."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from .models import EXPIRY_DAYS, ApiToken, hash_secret, new_secret, prefix_of

CREATED_LOG_ACTION = "itsms.api_token_created"
REVOKED_LOG_ACTION = "itsms.api_token_revoked"
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def log_data(token: ApiToken) -> dict:
    return {
        "name": token.name,
        "prefix": token.key_prefix,
        "owner": token.user.get_username(),
    }


class CreateApiTokenAction(BaseAction):
    """A signed-in person makes a token for themselves, for `days` days. The
    secret is returned once, by execute(), and kept nowhere."""

    action_name = "create_api_token"

    def __init__(self, *, user, name: str, days: int):
        super().__init__(None, user=user)
        self.name = (name or "").strip()
        self.days = days

    def check(self, skip_permission_checks=False):
        if not skip_permission_checks and not (
            self.user.is_authenticated and self.user.is_active
        ):
            raise PermissionDenied("Sign in to make an API token.")
        errors = {}
        if not self.name:
            errors["name"] = "Give the token a name: what it is for."
        elif len(self.name) > NAME_MAX_LENGTH:
            errors["name"] = f"A name is at most {NAME_MAX_LENGTH} characters."
        if self.days not in EXPIRY_DAYS:
            errors["days"] = "Choose 7, 30, 90 or 365 days."
        if errors:
            raise ValidationError(errors)

    def execute(self, skip_permission_checks=False) -> tuple[ApiToken, str]:
        self.check(skip_permission_checks=skip_permission_checks)
        secret = new_secret()
        now = timezone.now()
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=self.user,
                name=self.name,
                key_prefix=prefix_of(secret),
                key_hash=hash_secret(secret),
                created_at=now,
                expires_at=now + timedelta(days=self.days),
            )
            log(
                instance=token,
                action=CREATED_LOG_ACTION,
                user=self.user,
                data=log_data(token),
            )
        return token, secret


def may_revoke(user, token: ApiToken) -> bool:
    """The token's owner, or an administrator cutting off a leaked token."""
    return user.is_superuser or token.user_id == user.pk


class RevokeApiTokenAction(BaseAction):
    action_name = "revoke_api_token"

    def __init__(self, token: ApiToken, *, user):
        super().__init__(token, user=user)
        self.token = token

    def check(self, skip_permission_checks=False):
        if not skip_permission_checks and not may_revoke(self.user, self.token):
            raise PermissionDenied("Only its owner or an administrator may revoke it.")
        if self.token.is_revoked:
            raise ValidationError("This token is already revoked.")

    def execute(self, skip_permission_checks=False) -> ApiToken:
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            # Decided on the locked row: two clicks, or two administrators, revoke
            # (and log) once.
            token = (
                ApiToken.objects.select_for_update()
                .select_related("user")
                .get(pk=self.token.pk)
            )
            if token.is_revoked:
                raise ValidationError("This token is already revoked.")
            token.revoked_at = timezone.now()
            token.revoked_by = self.user
            token.save(update_fields=["revoked_at", "revoked_by"])
            log(
                instance=token,
                action=REVOKED_LOG_ACTION,
                user=self.user,
                data=log_data(token),
            )
        self.token.revoked_at, self.token.revoked_by = token.revoked_at, self.user
        return token
