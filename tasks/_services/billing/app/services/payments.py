"""Capturing payments against invoices, and refunds."""

from sqlalchemy.orm import Session

from app import repository
from app.clock import Clock
from app.errors import Conflict, PaymentDeclined
from app.gateway import GatewayDeclined, PaymentGateway
from app.models import Invoice, InvoiceStatus, Payment, PaymentStatus
from app.services import inventory


def _scoped_idempotency_key(invoice: Invoice, key: str) -> str:
    # Clients generate keys per customer (their order ids, retry tokens), so two customers can
    # send the same key; the stored key is namespaced by customer to keep them apart.
    return f"{invoice.customer_id}:{key}"


def capture_payment(
    session: Session,
    clock: Clock,
    gateway: PaymentGateway,
    invoice_id: int,
    amount_cents: int,
    idempotency_key: str | None,
) -> tuple[Payment, bool]:
    """Charge `amount_cents` against an open invoice. Returns (payment, created).

    A retry with an idempotency key already seen returns the original payment (created=False)
    without charging again; reusing a key for a different payment is a conflict.
    """
    invoice = repository.get_invoice(session, invoice_id)
    stored_key = None
    if idempotency_key is not None:
        stored_key = _scoped_idempotency_key(invoice, idempotency_key)
        previous = repository.find_payment_by_idempotency_key(session, stored_key)
        if previous is not None:
            if previous.invoice_id != invoice.id or previous.amount_cents != amount_cents:
                raise Conflict(
                    "idempotency_key_reused",
                    f"idempotency key {idempotency_key!r} was already used for payment "
                    f"{previous.id} with a different invoice or amount",
                )
            return previous, False

    if invoice.status != InvoiceStatus.OPEN:
        raise Conflict("invoice_not_open", f"invoice {invoice.id} is {invoice.status}")
    if amount_cents > invoice.balance_due_cents:
        raise Conflict(
            "payment_exceeds_balance",
            f"payment of {amount_cents} cents exceeds the balance due of "
            f"{invoice.balance_due_cents} cents on invoice {invoice.id}",
        )

    try:
        charge_id = gateway.charge(amount_cents, reference=f"invoice-{invoice.id}")
    except GatewayDeclined as declined:
        raise PaymentDeclined(
            "payment_declined", f"the processor declined the charge: {declined}"
        ) from declined

    payment = Payment(
        invoice=invoice,
        amount_cents=amount_cents,
        status=PaymentStatus.CAPTURED,
        gateway_charge_id=charge_id,
        idempotency_key=stored_key,
        created_at=clock.now(),
    )
    session.add(payment)
    invoice.amount_paid_cents += amount_cents
    if invoice.balance_due_cents == 0:
        invoice.status = InvoiceStatus.PAID
        inventory.commit_reservations(invoice)
    session.commit()
    return payment, True


def refund_payment(
    session: Session, gateway: PaymentGateway, payment_id: int, amount_cents: int
) -> Payment:
    """Refund part or all of a payment; the invoice owes the refunded amount again."""
    payment = repository.get_payment(session, payment_id)
    refundable_cents = payment.amount_cents - payment.refunded_cents
    if amount_cents > refundable_cents:
        raise Conflict(
            "refund_exceeds_payment",
            f"refund of {amount_cents} cents exceeds the {refundable_cents} cents still "
            f"refundable on payment {payment.id}",
        )
    gateway.refund(payment.gateway_charge_id, amount_cents)
    payment.refunded_cents += amount_cents
    if payment.refunded_cents == payment.amount_cents:
        payment.status = PaymentStatus.REFUNDED
    invoice = payment.invoice
    invoice.amount_paid_cents -= amount_cents
    if invoice.status == InvoiceStatus.PAID:
        invoice.status = InvoiceStatus.OPEN
    session.commit()
    return payment
