"""Stock reservations: open invoices hold stock, paid invoices consume it, void ones give it back."""

from sqlalchemy.orm import Session

from app import repository
from app.clock import Clock
from app.errors import Conflict
from app.models import Invoice, Product, ReservationStatus, StockReservation


def available(session: Session, product: Product) -> int:
    return product.on_hand - repository.reserved_quantity(session, product.id)


def reserve(
    session: Session, clock: Clock, product: Product, invoice: Invoice, quantity: int
) -> StockReservation:
    free = available(session, product)
    if quantity > free:
        raise Conflict(
            "insufficient_stock",
            f"cannot reserve {quantity} x {product.sku}: only {free} available",
        )
    reservation = StockReservation(
        product=product,
        invoice=invoice,
        quantity=quantity,
        status=ReservationStatus.ACTIVE,
        created_at=clock.now(),
    )
    session.add(reservation)
    return reservation


def commit_reservations(invoice: Invoice) -> None:
    """The invoice is paid: its reserved units leave the warehouse."""
    for reservation in invoice.reservations:
        if reservation.status == ReservationStatus.ACTIVE:
            reservation.product.on_hand -= reservation.quantity
            reservation.status = ReservationStatus.COMMITTED


def release_reservations(invoice: Invoice) -> None:
    """The invoice will not be paid: its reserved units become available again."""
    for reservation in invoice.reservations:
        if reservation.status == ReservationStatus.ACTIVE:
            reservation.status = ReservationStatus.RELEASED
