"""Lookups shared by the services. Missing rows raise NotFound with a specific code."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import (
    Customer,
    Invoice,
    Payment,
    Plan,
    Product,
    ReservationStatus,
    StockReservation,
    Subscription,
)


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("customer_not_found", f"customer {customer_id} does not exist")
    return customer


def get_plan_by_code(session: Session, code: str) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.code == code))
    if plan is None:
        raise NotFound("plan_not_found", f"plan {code!r} does not exist")
    return plan


def list_plans(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).order_by(Plan.monthly_price_cents, Plan.code)))


def get_subscription(session: Session, subscription_id: int) -> Subscription:
    subscription = session.get(Subscription, subscription_id)
    if subscription is None:
        raise NotFound("subscription_not_found", f"subscription {subscription_id} does not exist")
    return subscription


def get_invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound("invoice_not_found", f"invoice {invoice_id} does not exist")
    return invoice


def list_customer_invoices(session: Session, customer_id: int) -> list[Invoice]:
    return list(
        session.scalars(select(Invoice).where(Invoice.customer_id == customer_id).order_by(Invoice.id))
    )


def get_payment(session: Session, payment_id: int) -> Payment:
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise NotFound("payment_not_found", f"payment {payment_id} does not exist")
    return payment


def find_payment_by_idempotency_key(session: Session, key: str) -> Payment | None:
    return session.scalar(select(Payment).where(Payment.idempotency_key == key))


def get_product_by_sku(session: Session, sku: str) -> Product:
    product = session.scalar(select(Product).where(Product.sku == sku))
    if product is None:
        raise NotFound("product_not_found", f"product {sku!r} does not exist")
    return product


def reserved_quantity(session: Session, product_id: int) -> int:
    """Units of a product held by active reservations."""
    return session.scalar(
        select(func.coalesce(func.sum(StockReservation.quantity), 0)).where(
            StockReservation.product_id == product_id,
            StockReservation.status == ReservationStatus.ACTIVE,
        )
    )
