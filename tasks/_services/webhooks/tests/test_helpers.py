from datetime import datetime, timedelta, timezone

import pytest

from app.errors import SignatureError
from app.helpers.money import format_minor, normalize_currency
from app.helpers.signatures import compute_signature, parse_signature_header, verify_signature
from app.helpers.sql import escape_like
from app.helpers.timeutils import parse_instant

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
TS = int(NOW.timestamp())


def test_verify_signature_accepts_any_active_secret():
    body = b'{"id":"evt_1"}'
    good = compute_signature("new_secret", TS, body)
    header = f"t={TS},v1={compute_signature('old_secret', TS, body)},v1={good},v0=legacy"
    assert verify_signature(body, header, "new_secret", now=NOW, tolerance_seconds=300) == TS


@pytest.mark.parametrize("offset", [-301, 301])
def test_verify_signature_rejects_timestamps_outside_tolerance(offset):
    body = b"{}"
    ts = TS + offset
    header = f"t={ts},v1={compute_signature('s', ts, body)}"
    with pytest.raises(SignatureError, match="tolerance"):
        verify_signature(body, header, "s", now=NOW, tolerance_seconds=300)


@pytest.mark.parametrize("header", [None, "", "v1=abc", f"t={TS}", "t=soon,v1=abc"])
def test_parse_signature_header_rejects_malformed(header):
    with pytest.raises(SignatureError):
        parse_signature_header(header)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc)),
        ("2024-05-01T12:00:00+02:00", datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc)),
        ("2024-05-01T10:00:00", datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc)),
        ("1714557600", datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc)),
    ],
)
def test_parse_instant_normalizes_to_utc(value, expected):
    parsed = parse_instant(value)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


def test_parse_instant_rejects_garbage():
    with pytest.raises(ValueError):
        parse_instant("yesterday")


def test_money_helpers():
    assert normalize_currency(" eur ") == "EUR"
    assert format_minor(1999, "eur") == "19.99 EUR"
    assert format_minor(5, "USD") == "0.05 USD"
    assert format_minor(1000, "jpy") == "1000 JPY"
    assert format_minor(1500, "KWD") == "1.500 KWD"


def test_escape_like():
    assert escape_like("50%_off\\") == "50\\%\\_off\\\\"
