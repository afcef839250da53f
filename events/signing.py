"""Webhook signatures: HMAC-SHA256 over the timestamp and the body, with the subscription's
secret. Receivers recompute it (docs/api.md has the snippet) and refuse old timestamps."""

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "Factbase-Signature"
TIMESTAMP_HEADER = "Factbase-Timestamp"
# How old a signed request a receiver should still accept (our verify() default).
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>." + body)."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, header: str, *, now: int, tolerance: int = 300
) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, int(timestamp), body), header)
