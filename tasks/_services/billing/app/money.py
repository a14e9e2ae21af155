"""Money helpers.

Amounts are stored as integer cents and exposed as two-place Decimals. Every rounding in the
service goes through this module so it is the same everywhere: half-up, to the cent.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def quantize(amount: Decimal) -> Decimal:
    """Round an amount to whole cents, half-up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Convert a Decimal amount (e.g. Decimal("12.50")) to integer cents (1250)."""
    return int(quantize(amount).scaleb(2))


def from_cents(cents: int) -> Decimal:
    """Convert integer cents (1250) to a two-place Decimal amount (Decimal("12.50"))."""
    return Decimal(cents).scaleb(-2)


def _round_cents(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def percent_of(cents: int, percent: Decimal) -> int:
    """`percent`% of an amount in cents, rounded half-up to the cent (tax, discounts)."""
    return _round_cents(Decimal(cents) * percent / 100)


def prorate(cents: int, days_used: int, days_total: int) -> int:
    """The share of `cents` covering `days_used` out of `days_total` days, rounded half-up.

    `days_total` must be positive and `days_used` within 0..days_total: callers decide what a
    period with no days means for them.
    """
    if days_total <= 0:
        raise ValueError(f"days_total must be positive, got {days_total}")
    if not 0 <= days_used <= days_total:
        raise ValueError(f"days_used must be within 0..{days_total}, got {days_used}")
    return _round_cents(Decimal(cents) * days_used / days_total)
