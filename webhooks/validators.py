"""What a webhook URL may be."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator


def validate_webhook_url(value: str) -> None:
    """The most telling refusal first: the scheme, the credentials, then whatever
    else makes it no URL."""
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
    URLValidator(schemes=["http", "https"])(value)
