"""Request and response bodies. Money crosses the API as two-place decimal strings."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

Money = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)]
Quantity = Annotated[int, Field(gt=0, le=10_000)]


class CustomerIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str, Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]
    tax_rate: Percent = Decimal("0")


class CustomerOut(BaseModel):
    id: int
    name: str
    email: str
    tax_rate: Decimal


class PlanIn(BaseModel):
    code: Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[a-z0-9_-]+$")]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    monthly_price: Money


class PlanOut(BaseModel):
    id: int
    code: str
    name: str
    monthly_price: Decimal


class SubscriptionIn(BaseModel):
    customer_id: int
    plan_code: str
    period_end: date | None = None


class ChangePlanIn(BaseModel):
    plan_code: str


class SubscriptionOut(BaseModel):
    id: int
    customer_id: int
    plan_code: str
    status: str
    period_start: date
    period_end: date


class ProductIn(BaseModel):
    sku: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Z0-9-]+$")]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    unit_price: Money
    on_hand: Annotated[int, Field(ge=0)]


class ProductOut(BaseModel):
    sku: str
    name: str
    unit_price: Decimal
    on_hand: int
    available: int


class InvoiceLineIn(BaseModel):
    """Either a product line (`sku`) or a free-form line (`description` + `unit_amount`)."""

    sku: str | None = None
    description: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    unit_amount: Money | None = None
    quantity: Quantity = 1

    @model_validator(mode="after")
    def _product_or_free_form(self) -> "InvoiceLineIn":
        if self.sku is None and (self.description is None or self.unit_amount is None):
            raise ValueError("a line needs either a sku or a description and unit_amount")
        if self.sku is not None and (self.description is not None or self.unit_amount is not None):
            raise ValueError("a product line takes its description and price from the product")
        return self


class InvoiceIn(BaseModel):
    customer_id: int
    lines: Annotated[list[InvoiceLineIn], Field(min_length=1, max_length=200)]
    discount_percent: Percent | None = None


class InvoiceLineOut(BaseModel):
    id: int
    description: str
    quantity: int
    unit_amount: Decimal
    amount: Decimal
    sku: str | None


class InvoiceOut(BaseModel):
    id: int
    customer_id: int
    subscription_id: int | None
    status: str
    lines: list[InvoiceLineOut]
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    amount_paid: Decimal
    balance_due: Decimal
    created_at: datetime


class ChangePlanOut(BaseModel):
    subscription: SubscriptionOut
    invoice: InvoiceOut | None


class PaymentIn(BaseModel):
    amount: Money


class RefundIn(BaseModel):
    amount: Money


class PaymentOut(BaseModel):
    id: int
    invoice_id: int
    amount: Decimal
    refunded_amount: Decimal
    status: str
    created_at: datetime
