"""Data access. Functions here query and add rows; they never commit."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import ApiToken, Coupon, Customer, Order, Product
from app.status import OrderStatus


def customer_for_token(session: Session, token_hash: str) -> Customer | None:
    stmt = (
        select(Customer)
        .join(ApiToken, ApiToken.customer_id == Customer.id)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked.is_(False))
    )
    return session.scalars(stmt).first()


def add_customer(session: Session, email: str, name: str, *, is_admin: bool = False) -> Customer:
    customer = Customer(email=email, name=name, is_admin=is_admin)
    session.add(customer)
    session.flush()
    return customer


def add_token(session: Session, customer: Customer, token_hash: str) -> ApiToken:
    token = ApiToken(customer_id=customer.id, token_hash=token_hash)
    session.add(token)
    session.flush()
    return token


def get_product(session: Session, product_id: int) -> Product | None:
    return session.get(Product, product_id)


def get_product_by_sku(session: Session, sku: str) -> Product | None:
    return session.scalars(select(Product).where(Product.sku == sku)).first()


def list_products(session: Session, *, include_inactive: bool) -> list[Product]:
    stmt = select(Product).order_by(Product.id)
    if not include_inactive:
        stmt = stmt.where(Product.active.is_(True))
    return list(session.scalars(stmt))


def get_coupon_by_code(session: Session, code: str) -> Coupon | None:
    return session.scalars(select(Coupon).where(Coupon.code == code)).first()


def count_coupon_redemptions(session: Session, coupon_id: int, *, exclude_order_id: int | None = None) -> int:
    """Orders holding the coupon. Cancelled orders keep their coupon on record but free the redemption."""
    stmt = select(func.count(Order.id)).where(
        Order.coupon_id == coupon_id, Order.status != OrderStatus.CANCELLED
    )
    if exclude_order_id is not None:
        stmt = stmt.where(Order.id != exclude_order_id)
    return session.scalar(stmt) or 0


def get_order(session: Session, order_id: int) -> Order | None:
    return session.get(Order, order_id)


def get_customer_order(session: Session, customer_id: int, order_id: int) -> Order | None:
    stmt = select(Order).where(Order.id == order_id, Order.customer_id == customer_id)
    return session.scalars(stmt).first()


def list_customer_orders(session: Session, customer_id: int) -> list[Order]:
    stmt = select(Order).where(Order.customer_id == customer_id).order_by(Order.id)
    return list(session.scalars(stmt))
