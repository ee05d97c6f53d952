"""The signature of a request: HMAC-SHA256 over "<unix seconds>.<raw body>" with
the webhook's secret, sent as `X-ITSMS-Signature: t=<seconds>,v1=<hex>`.

The timestamp is signed with the body so that a receiver can refuse an old request
replayed later (the README's example refuses anything older than five minutes)."""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-ITSMS-Signature"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """What a receiver does: True if `header` signs `body` with `secret` and is
    no older than `tolerance` seconds. Our tests verify with it; the README shows
    the same steps for receivers written elsewhere."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
        given = fields["v1"]
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(given, signature(secret, timestamp, body))
