"""Customers, plans and products."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import money
from app.clock import Clock
from app.errors import Conflict
from app.models import Customer, Plan, Product
from app.schemas import CustomerIn, PlanIn, ProductIn


def create_customer(session: Session, clock: Clock, data: CustomerIn) -> Customer:
    customer = Customer(
        name=data.name, email=data.email, tax_rate=data.tax_rate, created_at=clock.now()
    )
    session.add(customer)
    session.commit()
    return customer


def create_plan(session: Session, data: PlanIn) -> Plan:
    if session.scalar(select(Plan.id).where(Plan.code == data.code)) is not None:
        raise Conflict("plan_code_taken", f"a plan with code {data.code!r} already exists")
    plan = Plan(code=data.code, name=data.name, monthly_price_cents=money.to_cents(data.monthly_price))
    session.add(plan)
    session.commit()
    return plan


def create_product(session: Session, data: ProductIn) -> Product:
    if session.scalar(select(Product.id).where(Product.sku == data.sku)) is not None:
        raise Conflict("sku_taken", f"a product with sku {data.sku!r} already exists")
    product = Product(
        sku=data.sku,
        name=data.name,
        unit_price_cents=money.to_cents(data.unit_price),
        on_hand=data.on_hand,
    )
    session.add(product)
    session.commit()
    return product
