"""What a webhook URL may be."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError


def validate_webhook_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValidationError(
            "Use an http:// or https:// address.", code="webhook_url_scheme"
        )
    if parts.username is not None or parts.password is not None:
        # A URL's credentials end up in logs and in the delivery log; the
        # signature is what authenticates each request.
        raise ValidationError(
            "Leave the user name and password out of the address: every request "
            "is signed with the webhook's secret instead.",
            code="webhook_url_credentials",
        )
    if not parts.hostname:
        raise ValidationError("Give the host name of the receiver.")
