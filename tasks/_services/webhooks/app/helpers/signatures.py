"""Paygate webhook signatures.

Header format: ``Paygate-Signature: t=1714557600,v1=<hex>[,v1=<hex>...]``. The signed payload is
``f"{t}.".encode() + raw_body`` with HMAC-SHA256 and the endpoint secret. During a secret rotation
Paygate sends one ``v1`` entry per active secret; unknown schemes (e.g. ``v0``) are ignored.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from app.errors import SignatureError
from app.helpers.timeutils import from_unix, within_tolerance

SCHEME = "v1"


@dataclass(frozen=True)
class SignatureHeader:
    timestamp: int
    signatures: tuple[str, ...]


def parse_signature_header(header: str | None) -> SignatureHeader:
    if not header:
        raise SignatureError("missing Paygate-Signature header")
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        value = value.strip()
        if key == "t":
            if not value.isdigit():
                raise SignatureError("malformed Paygate-Signature header: t must be unix seconds")
            timestamp = int(value)
        elif key == SCHEME and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise SignatureError("malformed Paygate-Signature header: expected t=<unix>,v1=<hex>")
    return SignatureHeader(timestamp=timestamp, signatures=tuple(signatures))


def compute_signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header: str | None, secret: str, *, now: datetime, tolerance_seconds: int) -> int:
    """Check the header against the raw request body. Returns the signed timestamp.

    Raises SignatureError when the header is missing or malformed, the timestamp is further than
    `tolerance_seconds` from `now` (either direction, to stop replays), or no v1 signature matches.
    """
    parsed = parse_signature_header(header)
    if not within_tolerance(from_unix(parsed.timestamp), now, tolerance_seconds):
        raise SignatureError("signature timestamp outside the tolerance window")
    expected = compute_signature(secret, parsed.timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in parsed.signatures):
        raise SignatureError("signature mismatch")
    return parsed.timestamp
