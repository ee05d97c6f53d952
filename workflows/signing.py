"""Re-authentication at signing: the one place that decides whether the person
signing is who the session says.

A password today; a single-sign-on step-up (re-prompt at the identity provider)
replaces `confirm_identity` without touching anything that signs."""

from django.contrib.auth import authenticate
from django.http import HttpRequest


def confirm_identity(user, password: str, request: HttpRequest | None = None) -> bool:
    """Whether `password` proves that the signer is `user`, through Django's
    authentication backends, so that the login throttle (django-axes) counts wrong
    passwords at signing too."""
    if not password or not user.is_authenticated or not user.is_active:
        return False
    if request is None:  # signing from code (seed, tests): no login throttle
        return user.check_password(password)
    confirmed = authenticate(request, username=user.get_username(), password=password)
    return confirmed is not None and confirmed.pk == user.pk
