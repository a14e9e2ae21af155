"""ORM models. The schema itself is owned by app/migrations; keep the two in step."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from app.db import Base


class DecimalText(TypeDecorator):
    """Exact decimals (rates, percentages) stored as TEXT; SQLite has no decimal type."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: str | None, dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class InvoiceStatus:
    OPEN = "open"
    PAID = "paid"
    VOID = "void"


class PaymentStatus:
    CAPTURED = "captured"
    REFUNDED = "refunded"


class ReservationStatus:
    ACTIVE = "active"
    COMMITTED = "committed"
    RELEASED = "released"


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    email: Mapped[str]
    tax_rate: Mapped[Decimal] = mapped_column(DecimalText)
    created_at: Mapped[datetime]


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    monthly_price_cents: Mapped[int]


class Subscription(Base):
    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    status: Mapped[str]
    period_start: Mapped[date]
    period_end: Mapped[date]
    created_at: Mapped[datetime]

    customer: Mapped[Customer] = relationship()
    plan: Mapped[Plan] = relationship()


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("subscriptions.id"))
    status: Mapped[str]
    subtotal_cents: Mapped[int] = mapped_column(default=0)
    tax_cents: Mapped[int] = mapped_column(default=0)
    total_cents: Mapped[int] = mapped_column(default=0)
    amount_paid_cents: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]

    customer: Mapped[Customer] = relationship()
    lines: Mapped[list["InvoiceLine"]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceLine.id"
    )
    reservations: Mapped[list["StockReservation"]] = relationship(back_populates="invoice")

    @property
    def balance_due_cents(self) -> int:
        return self.total_cents - self.amount_paid_cents


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    description: Mapped[str]
    quantity: Mapped[int]
    unit_amount_cents: Mapped[int]
    amount_cents: Mapped[int]
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")
    product: Mapped["Product | None"] = relationship()


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    amount_cents: Mapped[int]
    refunded_cents: Mapped[int] = mapped_column(default=0)
    status: Mapped[str]
    gateway_charge_id: Mapped[str]
    idempotency_key: Mapped[str | None] = mapped_column(unique=True)
    created_at: Mapped[datetime]

    invoice: Mapped[Invoice] = relationship()


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    unit_price_cents: Mapped[int]
    on_hand: Mapped[int]


class StockReservation(Base):
    __tablename__ = "stock_reservations"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    quantity: Mapped[int]
    status: Mapped[str]
    created_at: Mapped[datetime]

    product: Mapped[Product] = relationship()
    invoice: Mapped[Invoice] = relationship(back_populates="reservations")
