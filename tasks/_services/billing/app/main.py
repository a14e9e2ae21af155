"""HTTP API. Routes parse input, call a service and serialize; business rules live in app.services."""

import logging
import os
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app import money, repository
from app.clock import Clock, SystemClock
from app.db import make_engine, make_session_factory
from app.errors import BillingError
from app.gateway import FakeGateway, PaymentGateway
from app.models import Customer, Invoice, Payment, Plan, Product, Subscription
from app.schemas import (
    ChangePlanIn,
    ChangePlanOut,
    CustomerIn,
    CustomerOut,
    InvoiceIn,
    InvoiceLineOut,
    InvoiceOut,
    PaymentIn,
    PaymentOut,
    PlanIn,
    PlanOut,
    ProductIn,
    ProductOut,
    RefundIn,
    SubscriptionIn,
    SubscriptionOut,
)
from app.services import catalog, invoices, inventory, payments, subscriptions

log = logging.getLogger("billing")


def customer_out(customer: Customer) -> CustomerOut:
    return CustomerOut(
        id=customer.id, name=customer.name, email=customer.email, tax_rate=customer.tax_rate
    )


def plan_out(plan: Plan) -> PlanOut:
    return PlanOut(
        id=plan.id,
        code=plan.code,
        name=plan.name,
        monthly_price=money.from_cents(plan.monthly_price_cents),
    )


def subscription_out(subscription: Subscription) -> SubscriptionOut:
    return SubscriptionOut(
        id=subscription.id,
        customer_id=subscription.customer_id,
        plan_code=subscription.plan.code,
        status=subscription.status,
        period_start=subscription.period_start,
        period_end=subscription.period_end,
    )


def invoice_out(invoice: Invoice) -> InvoiceOut:
    return InvoiceOut(
        id=invoice.id,
        customer_id=invoice.customer_id,
        subscription_id=invoice.subscription_id,
        status=invoice.status,
        lines=[
            InvoiceLineOut(
                id=line.id,
                description=line.description,
                quantity=line.quantity,
                unit_amount=money.from_cents(line.unit_amount_cents),
                amount=money.from_cents(line.amount_cents),
                sku=line.product.sku if line.product else None,
            )
            for line in invoice.lines
        ],
        subtotal=money.from_cents(invoice.subtotal_cents),
        tax=money.from_cents(invoice.tax_cents),
        total=money.from_cents(invoice.total_cents),
        amount_paid=money.from_cents(invoice.amount_paid_cents),
        balance_due=money.from_cents(invoice.balance_due_cents),
        created_at=invoice.created_at,
    )


def payment_out(payment: Payment) -> PaymentOut:
    return PaymentOut(
        id=payment.id,
        invoice_id=payment.invoice_id,
        amount=money.from_cents(payment.amount_cents),
        refunded_amount=money.from_cents(payment.refunded_cents),
        status=payment.status,
        created_at=payment.created_at,
    )


def product_out(session: Session, product: Product) -> ProductOut:
    return ProductOut(
        sku=product.sku,
        name=product.name,
        unit_price=money.from_cents(product.unit_price_cents),
        on_hand=product.on_hand,
        available=inventory.available(session, product),
    )


def create_app(
    database_url: str | None = None,
    *,
    engine: Engine | None = None,
    clock: Clock | None = None,
    gateway: PaymentGateway | None = None,
) -> FastAPI:
    """Build the API. The schema must already be migrated (python -m app.migrations upgrade)."""
    if engine is None:
        engine = make_engine(
            database_url or os.environ.get("BILLING_DATABASE_URL", "sqlite:///./billing.db")
        )
    session_factory = make_session_factory(engine)
    clock = clock or SystemClock()
    gateway = gateway or FakeGateway()

    app = FastAPI(title="billing")

    @app.exception_handler(BillingError)
    async def _billing_error(request: Request, exc: BillingError) -> JSONResponse:
        log.info("%s %s -> %s %s", request.method, request.url.path, exc.status_code, exc.code)
        return JSONResponse(
            status_code=exc.status_code, content={"error": {"code": exc.code, "message": exc.message}}
        )

    def get_session() -> Iterator[Session]:
        with session_factory() as session:
            yield session

    SessionDep = Annotated[Session, Depends(get_session)]

    @app.post("/customers", status_code=201)
    def create_customer(body: CustomerIn, session: SessionDep) -> CustomerOut:
        return customer_out(catalog.create_customer(session, clock, body))

    @app.get("/customers/{customer_id}")
    def get_customer(customer_id: int, session: SessionDep) -> CustomerOut:
        return customer_out(repository.get_customer(session, customer_id))

    @app.get("/customers/{customer_id}/invoices")
    def list_customer_invoices(customer_id: int, session: SessionDep) -> list[InvoiceOut]:
        repository.get_customer(session, customer_id)
        return [invoice_out(i) for i in repository.list_customer_invoices(session, customer_id)]

    @app.post("/plans", status_code=201)
    def create_plan(body: PlanIn, session: SessionDep) -> PlanOut:
        return plan_out(catalog.create_plan(session, body))

    @app.get("/plans")
    def list_plans(session: SessionDep) -> list[PlanOut]:
        return [plan_out(plan) for plan in repository.list_plans(session)]

    @app.post("/subscriptions", status_code=201)
    def create_subscription(body: SubscriptionIn, session: SessionDep) -> SubscriptionOut:
        return subscription_out(subscriptions.create_subscription(session, clock, body))

    @app.get("/subscriptions/{subscription_id}")
    def get_subscription(subscription_id: int, session: SessionDep) -> SubscriptionOut:
        return subscription_out(repository.get_subscription(session, subscription_id))

    @app.post("/subscriptions/{subscription_id}/change-plan")
    def change_plan(subscription_id: int, body: ChangePlanIn, session: SessionDep) -> ChangePlanOut:
        subscription, invoice = subscriptions.change_plan(
            session, clock, subscription_id, body.plan_code
        )
        return ChangePlanOut(
            subscription=subscription_out(subscription),
            invoice=invoice_out(invoice) if invoice is not None else None,
        )

    @app.post("/products", status_code=201)
    def create_product(body: ProductIn, session: SessionDep) -> ProductOut:
        return product_out(session, catalog.create_product(session, body))

    @app.get("/products/{sku}")
    def get_product(sku: str, session: SessionDep) -> ProductOut:
        return product_out(session, repository.get_product_by_sku(session, sku))

    @app.post("/invoices", status_code=201)
    def create_invoice(body: InvoiceIn, session: SessionDep) -> InvoiceOut:
        return invoice_out(invoices.create_invoice(session, clock, body))

    @app.get("/invoices/{invoice_id}")
    def get_invoice(invoice_id: int, session: SessionDep) -> InvoiceOut:
        return invoice_out(repository.get_invoice(session, invoice_id))

    @app.post("/invoices/{invoice_id}/void")
    def void_invoice(invoice_id: int, session: SessionDep) -> InvoiceOut:
        return invoice_out(invoices.void_invoice(session, invoice_id))

    @app.post("/invoices/{invoice_id}/payments", status_code=201)
    def capture_payment(
        invoice_id: int,
        body: PaymentIn,
        response: Response,
        session: SessionDep,
        idempotency_key: Annotated[str | None, Header(min_length=1, max_length=200)] = None,
    ) -> PaymentOut:
        payment, created = payments.capture_payment(
            session, clock, gateway, invoice_id, money.to_cents(body.amount), idempotency_key
        )
        if not created:
            response.status_code = 200
        return payment_out(payment)

    @app.get("/payments/{payment_id}")
    def get_payment(payment_id: int, session: SessionDep) -> PaymentOut:
        return payment_out(repository.get_payment(session, payment_id))

    @app.post("/payments/{payment_id}/refunds", status_code=201)
    def refund_payment(payment_id: int, body: RefundIn, session: SessionDep) -> PaymentOut:
        return payment_out(
            payments.refund_payment(session, gateway, payment_id, money.to_cents(body.amount))
        )

    return app
