"""Invoice creation, totals and voiding."""

from sqlalchemy.orm import Session

from app import money, repository
from app.clock import Clock
from app.errors import Conflict
from app.models import Customer, Invoice, InvoiceLine, InvoiceStatus, Product
from app.schemas import InvoiceIn
from app.services import inventory


def add_line(
    invoice: Invoice,
    description: str,
    quantity: int,
    unit_amount_cents: int,
    product: Product | None = None,
) -> InvoiceLine:
    line = InvoiceLine(
        description=description,
        quantity=quantity,
        unit_amount_cents=unit_amount_cents,
        amount_cents=quantity * unit_amount_cents,
        product=product,
    )
    invoice.lines.append(line)
    return line


def recalculate_totals(invoice: Invoice, customer: Customer) -> None:
    """Subtotal is the sum of all lines (credits and discounts included); tax applies to it."""
    invoice.subtotal_cents = sum(line.amount_cents for line in invoice.lines)
    invoice.tax_cents = money.percent_of(invoice.subtotal_cents, customer.tax_rate)
    invoice.total_cents = invoice.subtotal_cents + invoice.tax_cents


def create_invoice(session: Session, clock: Clock, data: InvoiceIn) -> Invoice:
    customer = repository.get_customer(session, data.customer_id)
    invoice = Invoice(customer=customer, status=InvoiceStatus.OPEN, created_at=clock.now())
    session.add(invoice)
    for line in data.lines:
        if line.sku is not None:
            product = repository.get_product_by_sku(session, line.sku)
            inventory.reserve(session, clock, product, invoice, line.quantity)
            add_line(invoice, product.name, line.quantity, product.unit_price_cents, product)
        else:
            add_line(invoice, line.description, line.quantity, money.to_cents(line.unit_amount))
    if data.discount_percent:
        items_cents = sum(line.amount_cents for line in invoice.lines)
        discount_cents = money.percent_of(items_cents, data.discount_percent)
        add_line(invoice, f"Discount {data.discount_percent}%", 1, -discount_cents)
    recalculate_totals(invoice, customer)
    session.commit()
    return invoice


def void_invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = repository.get_invoice(session, invoice_id)
    if invoice.status != InvoiceStatus.OPEN or invoice.amount_paid_cents:
        raise Conflict(
            "invoice_not_voidable",
            f"invoice {invoice_id} is {invoice.status} with {invoice.amount_paid_cents} cents paid; "
            "only unpaid open invoices can be voided",
        )
    invoice.status = InvoiceStatus.VOID
    inventory.release_reservations(invoice)
    session.commit()
    return invoice
