"""Money arithmetic. Amounts are integer cents; rates are Decimal percents."""

from decimal import ROUND_HALF_UP, Decimal

_WHOLE_CENT = Decimal("1")


def percent_of(amount_cents: int, percent: Decimal) -> int:
    """`percent` % of `amount_cents`, rounded to a whole cent, half a cent rounding up."""
    exact = Decimal(amount_cents) * percent / 100
    return int(exact.quantize(_WHOLE_CENT, rounding=ROUND_HALF_UP))


def percent_to_bps(percent: Decimal) -> int:
    """12.5 -> 1250. Callers validate that `percent` has at most two decimal places."""
    return int(percent * 100)


def bps_to_percent(bps: int) -> Decimal:
    return Decimal(bps) / 100
