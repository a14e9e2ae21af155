from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.models import Order, Product
from app.pricing import line_total_cents, order_totals

Quantity = Annotated[int, Field(ge=1, le=10_000)]


class ProductIn(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    price_cents: int = Field(ge=0)
    stock: int = Field(ge=0)


class ProductPatch(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    price_cents: int | None = Field(default=None, ge=0)
    stock: int | None = Field(default=None, ge=0)
    active: bool | None = None


class ProductOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sku: str
    name: str
    price_cents: int
    stock: int
    active: bool


class CouponIn(BaseModel):
    code: str = Field(min_length=1, max_length=64)
    kind: Literal["percent", "fixed"]
    percent_off: Decimal | None = Field(default=None, gt=0, le=100, decimal_places=2)
    amount_off_cents: int | None = Field(default=None, gt=0)
    max_redemptions: int | None = Field(default=None, ge=1)
    expires_at: datetime | None = None

    @field_validator("expires_at")
    @classmethod
    def _naive_utc(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    @model_validator(mode="after")
    def _amount_matches_kind(self) -> "CouponIn":
        if self.kind == "percent" and (self.percent_off is None or self.amount_off_cents is not None):
            raise ValueError("a percent coupon needs percent_off and no amount_off_cents")
        if self.kind == "fixed" and (self.amount_off_cents is None or self.percent_off is not None):
            raise ValueError("a fixed coupon needs amount_off_cents and no percent_off")
        return self


class CouponOut(BaseModel):
    id: int
    code: str
    kind: str
    percent_off: Decimal | None
    amount_off_cents: int | None
    max_redemptions: int | None
    expires_at: datetime | None


class LineIn(BaseModel):
    product_id: int
    quantity: Quantity


class LineQuantityIn(BaseModel):
    quantity: Quantity


class OrderIn(BaseModel):
    lines: list[LineIn] = Field(default_factory=list, max_length=100)


class CouponCodeIn(BaseModel):
    code: str = Field(min_length=1, max_length=64)


class StatusIn(BaseModel):
    status: Literal["shipped", "delivered", "cancelled"]


class LineOut(BaseModel):
    id: int
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price_cents: int
    line_total_cents: int


class OrderOut(BaseModel):
    id: int
    customer_id: int
    status: str
    coupon_code: str | None
    lines: list[LineOut]
    subtotal_cents: int
    discount_cents: int
    tax_cents: int
    total_cents: int
    created_at: datetime
    updated_at: datetime


def product_out(product: Product) -> ProductOut:
    return ProductOut.model_validate(product)


def order_out(order: Order, tax_rate_percent: Decimal) -> OrderOut:
    totals = order_totals(order, tax_rate_percent)
    return OrderOut(
        id=order.id,
        customer_id=order.customer_id,
        status=order.status,
        coupon_code=order.coupon.code if order.coupon else None,
        lines=[
            LineOut(
                id=line.id,
                product_id=line.product_id,
                sku=line.product.sku,
                name=line.product.name,
                quantity=line.quantity,
                unit_price_cents=line.unit_price_cents,
                line_total_cents=line_total_cents(line),
            )
            for line in order.lines
        ],
        subtotal_cents=totals.subtotal_cents,
        discount_cents=totals.discount_cents,
        tax_cents=totals.tax_cents,
        total_cents=totals.total_cents,
        created_at=order.created_at,
        updated_at=order.updated_at,
    )
