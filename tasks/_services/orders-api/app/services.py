"""Business rules for products, coupons and orders.

Each public function is one unit of work: it validates, mutates and commits.
"""

from sqlalchemy.orm import Session

from app import repository
from app.clock import Clock
from app.errors import (
    CouponExhausted,
    CouponExpired,
    CouponNotFound,
    DuplicateCoupon,
    DuplicateSku,
    EmptyOrder,
    InsufficientStock,
    NotFound,
    OrderNotEditable,
    ProductUnavailable,
)
from app.models import Coupon, Customer, Order, OrderLine, Product
from app.money import percent_to_bps
from app.schemas import CouponIn, LineIn, OrderIn, ProductIn, ProductPatch
from app.status import OrderStatus, ensure_transition

# --- products -----------------------------------------------------------------------------


def create_product(session: Session, data: ProductIn) -> Product:
    if repository.get_product_by_sku(session, data.sku) is not None:
        raise DuplicateSku(f"a product with sku {data.sku!r} already exists")
    product = Product(**data.model_dump())
    session.add(product)
    session.commit()
    return product


def list_products(session: Session, actor: Customer) -> list[Product]:
    return repository.list_products(session, include_inactive=actor.is_admin)


def get_product(session: Session, product_id: int) -> Product:
    product = repository.get_product(session, product_id)
    if product is None:
        raise NotFound("product", product_id)
    return product


def update_product(session: Session, product_id: int, changes: ProductPatch) -> Product:
    product = get_product(session, product_id)
    for field, value in changes.model_dump(exclude_none=True).items():
        setattr(product, field, value)
    session.commit()
    return product


# --- coupons ------------------------------------------------------------------------------


def create_coupon(session: Session, data: CouponIn) -> Coupon:
    if repository.get_coupon_by_code(session, data.code) is not None:
        raise DuplicateCoupon(f"a coupon with code {data.code!r} already exists")
    coupon = Coupon(
        code=data.code,
        kind=data.kind,
        percent_off_bps=percent_to_bps(data.percent_off) if data.percent_off is not None else None,
        amount_off_cents=data.amount_off_cents,
        max_redemptions=data.max_redemptions,
        expires_at=data.expires_at,
    )
    session.add(coupon)
    session.commit()
    return coupon


# --- orders -------------------------------------------------------------------------------


def _order_for(session: Session, actor: Customer, order_id: int) -> Order:
    """The order `actor` may act on: admins reach any order, customers only their own.

    Another customer's order is reported exactly like a missing one, so ids can't be probed.
    """
    if actor.is_admin:
        order = repository.get_order(session, order_id)
    else:
        order = repository.get_customer_order(session, actor.id, order_id)
    if order is None:
        raise NotFound("order", order_id)
    return order


def _ensure_editable(order: Order) -> None:
    if order.status != OrderStatus.PENDING:
        raise OrderNotEditable(f"order {order.id} is {order.status}; only pending orders can be changed")


def _orderable_product(session: Session, product_id: int) -> Product:
    product = get_product(session, product_id)
    if not product.active:
        raise ProductUnavailable(f"product {product.sku} is no longer sold")
    return product


def _ensure_stock(product: Product, quantity: int) -> None:
    if quantity > product.stock:
        raise InsufficientStock(f"only {product.stock} of {product.sku} in stock, {quantity} requested")


def _find_line(order: Order, line_id: int) -> OrderLine:
    for line in order.lines:
        if line.id == line_id:
            return line
    raise NotFound("order line", line_id)


def _add_to_order(order: Order, product: Product, quantity: int) -> None:
    """Add `quantity` of `product`, merging into the line that already holds the product."""
    line = next((line for line in order.lines if line.product.id == product.id), None)
    new_quantity = quantity + (line.quantity if line is not None else 0)
    _ensure_stock(product, new_quantity)
    if line is None:
        order.lines.append(OrderLine(product=product, quantity=quantity, unit_price_cents=product.price_cents))
    else:
        line.quantity = new_quantity


def create_order(session: Session, actor: Customer, data: OrderIn, clock: Clock) -> Order:
    now = clock.now()
    order = Order(customer_id=actor.id, status=OrderStatus.PENDING, created_at=now, updated_at=now)
    for item in data.lines:
        _add_to_order(order, _orderable_product(session, item.product_id), item.quantity)
    session.add(order)
    session.commit()
    return order


def get_order(session: Session, actor: Customer, order_id: int) -> Order:
    return _order_for(session, actor, order_id)


def list_orders(session: Session, actor: Customer) -> list[Order]:
    return repository.list_customer_orders(session, actor.id)


def add_line(session: Session, actor: Customer, order_id: int, item: LineIn, clock: Clock) -> Order:
    order = _order_for(session, actor, order_id)
    _ensure_editable(order)
    _add_to_order(order, _orderable_product(session, item.product_id), item.quantity)
    order.updated_at = clock.now()
    session.commit()
    return order


def update_line_quantity(
    session: Session, actor: Customer, order_id: int, line_id: int, quantity: int, clock: Clock
) -> Order:
    order = _order_for(session, actor, order_id)
    _ensure_editable(order)
    line = _find_line(order, line_id)
    _ensure_stock(line.product, quantity)
    line.quantity = quantity
    order.updated_at = clock.now()
    session.commit()
    return order


def remove_line(session: Session, actor: Customer, order_id: int, line_id: int, clock: Clock) -> Order:
    order = _order_for(session, actor, order_id)
    _ensure_editable(order)
    order.lines.remove(_find_line(order, line_id))
    order.updated_at = clock.now()
    session.commit()
    return order


def apply_coupon(session: Session, actor: Customer, order_id: int, code: str, clock: Clock) -> Order:
    order = _order_for(session, actor, order_id)
    _ensure_editable(order)
    coupon = repository.get_coupon_by_code(session, code)
    if coupon is None or not coupon.active:
        raise CouponNotFound(f"coupon {code!r} does not exist")
    if coupon.expires_at is not None and clock.now() >= coupon.expires_at:
        raise CouponExpired(f"coupon {code!r} expired at {coupon.expires_at.isoformat()}")
    if coupon.max_redemptions is not None:
        used = repository.count_coupon_redemptions(session, coupon.id, exclude_order_id=order.id)
        if used >= coupon.max_redemptions:
            raise CouponExhausted(f"coupon {code!r} has reached its limit of {coupon.max_redemptions} uses")
    order.coupon = coupon
    order.updated_at = clock.now()
    session.commit()
    return order


def remove_coupon(session: Session, actor: Customer, order_id: int, clock: Clock) -> Order:
    order = _order_for(session, actor, order_id)
    _ensure_editable(order)
    order.coupon = None
    order.updated_at = clock.now()
    session.commit()
    return order


def pay_order(session: Session, actor: Customer, order_id: int, clock: Clock) -> Order:
    """Stock is reserved at payment, not when items are added to a pending order."""
    order = _order_for(session, actor, order_id)
    ensure_transition(order.status, OrderStatus.PAID)
    if not order.lines:
        raise EmptyOrder(f"order {order.id} has no items to pay for")
    for line in order.lines:
        _ensure_stock(line.product, line.quantity)
    for line in order.lines:
        line.product.stock -= line.quantity
    order.status = OrderStatus.PAID
    order.updated_at = clock.now()
    session.commit()
    return order


def _cancel(order: Order) -> None:
    ensure_transition(order.status, OrderStatus.CANCELLED)
    if order.status == OrderStatus.PAID:
        for line in order.lines:
            line.product.stock += line.quantity
    order.status = OrderStatus.CANCELLED


def cancel_order(session: Session, actor: Customer, order_id: int, clock: Clock) -> Order:
    order = _order_for(session, actor, order_id)
    _cancel(order)
    order.updated_at = clock.now()
    session.commit()
    return order


def set_status(session: Session, order_id: int, target: OrderStatus, clock: Clock) -> Order:
    """Fulfilment moves (admin only; the route enforces that)."""
    order = repository.get_order(session, order_id)
    if order is None:
        raise NotFound("order", order_id)
    if target == OrderStatus.CANCELLED:
        _cancel(order)
    else:
        ensure_transition(order.status, target)
        order.status = target
    order.updated_at = clock.now()
    session.commit()
    return order
