from datetime import date
from decimal import Decimal

import pytest

from app import dates, money


def test_cents_round_trip():
    assert money.to_cents(Decimal("12.50")) == 1250
    assert money.to_cents(Decimal("0.005")) == 1
    assert money.from_cents(1250) == Decimal("12.50")
    assert str(money.from_cents(1250)) == "12.50"
    assert str(money.from_cents(0)) == "0.00"


def test_percent_of_rounds_half_up():
    assert money.percent_of(1000, Decimal("8.25")) == 83  # 82.5
    assert money.percent_of(4498, Decimal("8.25")) == 371  # 371.085
    assert money.percent_of(1000, Decimal("0")) == 0


def test_prorate():
    assert money.prorate(3100, 10, 31) == 1000
    assert money.prorate(1000, 20, 31) == 645  # 645.16
    assert money.prorate(1000, 31, 31) == 1000
    with pytest.raises(ValueError):
        money.prorate(1000, 1, 0)


def test_add_months_clamps_to_month_end():
    assert dates.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert dates.add_months(date(2024, 3, 1), 1) == date(2024, 4, 1)
    assert dates.add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
