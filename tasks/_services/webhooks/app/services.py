"""Use cases behind the HTTP routes: webhook ingestion and the local payment records."""

from __future__ import annotations

import logging
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.deliveries import record_delivery
from app.errors import AppError, InvalidPayload, PaymentExists, PaymentNotFound, SignatureError, SubscriptionNotFound
from app.handlers import HANDLERS
from app.helpers.signatures import verify_signature
from app.helpers.timeutils import as_utc_naive
from app.models import Payment, ProcessedEvent, Subscription
from app.schemas import Event, IngestResult, PaymentCreate

log = logging.getLogger("webhooks")


def parse_event(raw_body: bytes) -> Event:
    try:
        return Event.model_validate_json(raw_body)
    except ValidationError as exc:
        raise InvalidPayload(f"body is not a Paygate event: {exc.error_count()} validation error(s)") from exc


def ingest_delivery(
    session: Session,
    *,
    raw_body: bytes,
    signature_header: str | None,
    delivery_id: str | None,
    settings: Settings,
    now: datetime,
) -> IngestResult:
    """Verify, deduplicate and apply one Paygate delivery; every delivery is logged.

    Effects and the deduplication record are committed together, so a delivery that fails is
    rolled back completely and Paygate's retry applies it from scratch.
    """
    payload = raw_body.decode("utf-8", errors="replace")
    try:
        verify_signature(
            raw_body,
            signature_header,
            settings.webhook_secret,
            now=now,
            tolerance_seconds=settings.signature_tolerance_seconds,
        )
        event = parse_event(raw_body)
    except (SignatureError, InvalidPayload) as exc:
        log.warning("paygate delivery %s rejected: %s", delivery_id, exc.message)
        record_delivery(
            session, delivery_id=delivery_id, event_id=None, event_type=None, status="rejected",
            error=exc.message, payload=payload, received_at=now,
        )
        session.commit()
        raise

    def finish(status: str, error: str | None = None) -> None:
        record_delivery(
            session, delivery_id=delivery_id, event_id=event.id, event_type=event.type, status=status,
            error=error, payload=payload, received_at=now,
        )
        session.commit()
        log.info("paygate delivery %s event %s (%s): %s", delivery_id, event.id, event.type, status)

    if session.get(ProcessedEvent, event.id) is not None:
        finish("duplicate")
        return IngestResult(status="duplicate", event_id=event.id)
    handler = HANDLERS.get(event.type)
    if handler is None:
        finish("ignored")
        return IngestResult(status="ignored", event_id=event.id)

    try:
        try:
            obj = handler.model.model_validate(event.data.object)
        except ValidationError as exc:
            raise InvalidPayload(f"{event.type} object is invalid: {exc.error_count()} validation error(s)") from exc
        handler.apply(session, obj, now)
    except AppError as exc:
        session.rollback()
        finish("failed", error=f"{exc.code}: {exc.message}")
        raise
    session.add(ProcessedEvent(event_id=event.id, event_type=event.type, processed_at=as_utc_naive(now)))
    finish("processed")
    return IngestResult(status="processed", event_id=event.id)


def create_payment(session: Session, data: PaymentCreate, now: datetime) -> Payment:
    existing = session.scalar(select(Payment).where(Payment.provider_payment_id == data.provider_payment_id))
    if existing is not None:
        raise PaymentExists(f"payment {data.provider_payment_id!r} is already registered")
    payment = Payment(
        provider_payment_id=data.provider_payment_id,
        order_ref=data.order_ref,
        amount=data.amount,
        currency=data.currency,
        status="pending",
        refunded_amount=0,
        created_at=as_utc_naive(now),
        updated_at=as_utc_naive(now),
    )
    session.add(payment)
    session.commit()
    return payment


def get_payment(session: Session, provider_payment_id: str) -> Payment:
    payment = session.scalar(select(Payment).where(Payment.provider_payment_id == provider_payment_id))
    if payment is None:
        raise PaymentNotFound(provider_payment_id)
    return payment


def get_subscription(session: Session, provider_subscription_id: str) -> Subscription:
    subscription = session.scalar(
        select(Subscription).where(Subscription.provider_subscription_id == provider_subscription_id)
    )
    if subscription is None:
        raise SubscriptionNotFound(provider_subscription_id)
    return subscription
