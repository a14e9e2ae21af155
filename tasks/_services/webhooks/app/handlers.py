"""Apply Paygate events to local records. Handlers run inside the caller's transaction and raise
typed errors (app.errors) for events that cannot be applied; the caller rolls back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import (
    AmountMismatch,
    InvalidTransition,
    PaymentNotFound,
    RefundExceedsPayment,
    SubscriptionNotFound,
)
from app.helpers.timeutils import as_utc_naive, from_unix
from app.models import Payment, Refund, Subscription
from app.schemas import (
    InvoiceObject,
    PaymentFailedObject,
    PaymentObject,
    RefundObject,
    SubscriptionCanceledObject,
    SubscriptionObject,
)

REFUNDABLE = ("succeeded", "partially_refunded", "refunded")


def _payment(session: Session, provider_payment_id: str) -> Payment:
    payment = session.scalar(select(Payment).where(Payment.provider_payment_id == provider_payment_id))
    if payment is None:
        raise PaymentNotFound(provider_payment_id)
    return payment


def _subscription(session: Session, provider_subscription_id: str) -> Subscription:
    subscription = session.scalar(
        select(Subscription).where(Subscription.provider_subscription_id == provider_subscription_id)
    )
    if subscription is None:
        raise SubscriptionNotFound(provider_subscription_id)
    return subscription


def payment_succeeded(session: Session, obj: PaymentObject, now: datetime) -> None:
    payment = _payment(session, obj.id)
    if (obj.amount, obj.currency) != (payment.amount, payment.currency):
        raise AmountMismatch(
            f"payment {obj.id!r}: Paygate captured {obj.amount} {obj.currency}, "
            f"order expects {payment.amount} {payment.currency}"
        )
    if payment.status in ("pending", "failed"):
        payment.status = "succeeded"
        payment.failure_code = None
        payment.updated_at = as_utc_naive(now)


def payment_failed(session: Session, obj: PaymentFailedObject, now: datetime) -> None:
    payment = _payment(session, obj.id)
    if payment.status in REFUNDABLE:
        raise InvalidTransition(f"payment {obj.id!r} already succeeded; refusing to mark it failed")
    payment.status = "failed"
    payment.failure_code = obj.failure_code
    payment.updated_at = as_utc_naive(now)


def refund_changed(session: Session, obj: RefundObject, now: datetime) -> None:
    """refund.created / refund.updated: Paygate sends the full refund object each time."""
    payment = _payment(session, obj.payment)
    if payment.status not in REFUNDABLE:
        raise InvalidTransition(f"payment {obj.payment!r} is {payment.status}; it cannot be refunded")
    if obj.currency != payment.currency:
        raise AmountMismatch(f"refund {obj.id!r} is in {obj.currency}, payment {obj.payment!r} in {payment.currency}")
    refund = session.scalar(select(Refund).where(Refund.provider_refund_id == obj.id))
    if refund is None:
        refund = Refund(provider_refund_id=obj.id, payment=payment, amount=obj.amount, created_at=as_utc_naive(now))
        session.add(refund)
    refund.status = obj.status
    refund.updated_at = as_utc_naive(now)

    refunded = sum(r.amount for r in payment.refunds if r.status == "succeeded")
    if refunded > payment.amount:
        raise RefundExceedsPayment(payment.provider_payment_id, refunded, payment.amount)
    payment.refunded_amount = refunded
    if refunded == 0:
        payment.status = "succeeded"
    elif refunded < payment.amount:
        payment.status = "partially_refunded"
    else:
        payment.status = "refunded"
    payment.updated_at = as_utc_naive(now)


def subscription_updated(session: Session, obj: SubscriptionObject, now: datetime) -> None:
    """subscription.created / subscription.updated: upsert from the full subscription object."""
    subscription = session.scalar(select(Subscription).where(Subscription.provider_subscription_id == obj.id))
    if subscription is None:
        subscription = Subscription(provider_subscription_id=obj.id, credits=0)
        session.add(subscription)
    subscription.customer_id = obj.customer
    subscription.plan = obj.plan
    subscription.status = obj.status
    subscription.current_period_end = as_utc_naive(from_unix(obj.current_period_end))
    subscription.updated_at = as_utc_naive(now)


def subscription_canceled(session: Session, obj: SubscriptionCanceledObject, now: datetime) -> None:
    subscription = _subscription(session, obj.id)
    subscription.status = "canceled"
    subscription.canceled_at = as_utc_naive(from_unix(obj.canceled_at))
    subscription.updated_at = as_utc_naive(now)


def invoice_paid(session: Session, obj: InvoiceObject, now: datetime) -> None:
    """Each paid invoice grants the plan's credits and extends the paid period."""
    subscription = _subscription(session, obj.subscription)
    subscription.credits += obj.credits
    period_end = as_utc_naive(from_unix(obj.period_end))
    if period_end > subscription.current_period_end:
        subscription.current_period_end = period_end
    if subscription.status == "past_due":
        subscription.status = "active"
    subscription.updated_at = as_utc_naive(now)


@dataclass(frozen=True)
class Handler:
    model: type[BaseModel]
    apply: Callable[[Session, Any, datetime], None]


HANDLERS: dict[str, Handler] = {
    "payment.succeeded": Handler(PaymentObject, payment_succeeded),
    "payment.failed": Handler(PaymentFailedObject, payment_failed),
    "refund.created": Handler(RefundObject, refund_changed),
    "refund.updated": Handler(RefundObject, refund_changed),
    "subscription.created": Handler(SubscriptionObject, subscription_updated),
    "subscription.updated": Handler(SubscriptionObject, subscription_updated),
    "subscription.canceled": Handler(SubscriptionCanceledObject, subscription_canceled),
    "invoice.paid": Handler(InvoiceObject, invoice_paid),
}
