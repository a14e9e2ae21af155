"""Money helpers. Amounts are integers in the currency's minor unit, as Paygate sends them."""

from __future__ import annotations

ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "XAF", "XOF"}
)
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


def normalize_currency(code: str) -> str:
    """'eur' / ' EUR ' -> 'EUR'. Raises ValueError for anything that is not a 3-letter code."""
    normalized = code.strip().upper()
    if len(normalized) != 3 or not normalized.isalpha():
        raise ValueError(f"not an ISO-4217 currency code: {code!r}")
    return normalized


def currency_exponent(currency: str) -> int:
    code = normalize_currency(currency)
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def format_minor(amount: int, currency: str) -> str:
    """1999, 'eur' -> '19.99 EUR'; 1000, 'JPY' -> '1000 JPY'."""
    code = normalize_currency(currency)
    exponent = currency_exponent(code)
    sign = "-" if amount < 0 else ""
    whole, fraction = divmod(abs(amount), 10**exponent)
    if exponent == 0:
        return f"{sign}{whole} {code}"
    return f"{sign}{whole}.{fraction:0{exponent}d} {code}"
