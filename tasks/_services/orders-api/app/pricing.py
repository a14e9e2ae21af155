from dataclasses import dataclass
from decimal import Decimal

from app.models import Coupon, Order, OrderLine
from app.money import bps_to_percent, percent_of

PERCENT = "percent"
FIXED = "fixed"


@dataclass(frozen=True)
class OrderTotals:
    subtotal_cents: int
    discount_cents: int
    tax_cents: int
    total_cents: int


def line_total_cents(line: OrderLine) -> int:
    return line.unit_price_cents * line.quantity


def coupon_discount_cents(coupon: Coupon | None, subtotal_cents: int) -> int:
    """Discount a coupon gives on a pre-tax subtotal; never more than the subtotal."""
    if coupon is None:
        return 0
    if coupon.kind == PERCENT:
        discount = percent_of(subtotal_cents, bps_to_percent(coupon.percent_off_bps))
    else:
        discount = coupon.amount_off_cents
    return min(discount, subtotal_cents)


def order_totals(order: Order, tax_rate_percent: Decimal) -> OrderTotals:
    """Coupons apply to the subtotal; tax is charged on the discounted subtotal."""
    subtotal = sum(line_total_cents(line) for line in order.lines)
    discount = coupon_discount_cents(order.coupon, subtotal)
    taxable = subtotal - discount
    tax = percent_of(taxable, tax_rate_percent)
    return OrderTotals(
        subtotal_cents=subtotal,
        discount_cents=discount,
        tax_cents=tax,
        total_cents=taxable + tax,
    )
