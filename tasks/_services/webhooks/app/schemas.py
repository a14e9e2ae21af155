from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from app.helpers.money import normalize_currency

DeliveryStatus = Literal["processed", "duplicate", "ignored", "failed", "rejected"]


class _Currency(BaseModel):
    currency: str

    @field_validator("currency")
    @classmethod
    def _normalize(cls, value: str) -> str:
        return normalize_currency(value)


# --- our API -----------------------------------------------------------------------------------


class PaymentCreate(_Currency):
    provider_payment_id: str = Field(min_length=1, max_length=64)
    order_ref: str = Field(min_length=1, max_length=64)
    amount: int = Field(gt=0)


class RefundOut(BaseModel):
    provider_refund_id: str
    amount: int
    status: str


class PaymentOut(BaseModel):
    provider_payment_id: str
    order_ref: str
    amount: int
    currency: str
    amount_display: str
    status: str
    refunded_amount: int
    failure_code: str | None
    refunds: list[RefundOut]


class SubscriptionOut(BaseModel):
    provider_subscription_id: str
    customer_id: str
    plan: str
    status: str
    current_period_end: str
    credits: int
    canceled_at: str | None


class DeliveryOut(BaseModel):
    id: int
    delivery_id: str | None
    event_id: str | None
    event_type: str | None
    status: str
    error: str | None
    received_at: str


class IngestResult(BaseModel):
    status: Literal["processed", "duplicate", "ignored"]
    event_id: str


# --- Paygate events --------------------------------------------------------------------------------


class EventData(BaseModel):
    object: dict[str, Any]


class Event(BaseModel):
    id: str = Field(min_length=1, max_length=64)
    type: str = Field(min_length=1, max_length=64)
    created: int
    data: EventData


class PaymentObject(_Currency):
    id: str
    amount: int = Field(gt=0)


class PaymentFailedObject(BaseModel):
    id: str
    failure_code: str | None = None


class RefundObject(_Currency):
    id: str
    payment: str
    amount: int = Field(gt=0)
    status: Literal["pending", "succeeded", "failed"]


class SubscriptionObject(BaseModel):
    id: str
    customer: str
    plan: str
    status: Literal["trialing", "active", "past_due", "canceled"]
    current_period_end: int


class SubscriptionCanceledObject(BaseModel):
    id: str
    canceled_at: int


class InvoiceObject(_Currency):
    id: str
    subscription: str
    amount_paid: int = Field(ge=0)
    credits: int = Field(ge=0)
    period_end: int
