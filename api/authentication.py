"""`Authorization: Bearer itsms_...`: a personal API token stands for its user.

A refused token answers 401 with the reason (expired, revoked, unknown), so the
person running an integration knows what to do; WWW-Authenticate names the scheme,
which is also what makes DRF answer 401 rather than 403 to a request with no
credentials at all."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiToken, hash_secret

KEYWORD = b"bearer"
# A busy integration would otherwise write its token's row on every request.
LAST_USED_GRANULARITY = timedelta(seconds=60)

INVALID = "Invalid API token."
EXPIRED = "This API token has expired."
REVOKED = "This API token has been revoked."
INACTIVE = "The account this API token belongs to is disabled."


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None  # another scheme, or none: the session may answer
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Invalid Authorization header: give it as 'Bearer itsms_...'."
            )
        try:
            secret = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(INVALID) from None
        # Looked up by a hash of the whole secret: a timing difference in the
        # lookup tells an attacker nothing about the secret itself.
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_secret(secret))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID)
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(REVOKED)
        if token.is_expired:
            raise exceptions.AuthenticationFailed(EXPIRED)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(INACTIVE)
        touch(token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def touch(token: ApiToken) -> None:
    """Record the use, at most once a minute per token. The condition is in the
    UPDATE too, so concurrent requests write it once."""
    now = timezone.now()
    since = now - LAST_USED_GRANULARITY
    if token.last_used_at is not None and token.last_used_at >= since:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=since), pk=token.pk
    ).update(last_used_at=now)
    token.last_used_at = now


def via(request) -> str:
    """How a change came in, for the audit log of the API's write endpoints:
    'API token abcd1234 (Service desk)' or 'API (session)'."""
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        return f"API token {token.key_prefix} ({token.name})"
    return "API (session)"
