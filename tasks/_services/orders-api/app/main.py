import logging
from dataclasses import dataclass

from fastapi import APIRouter, Depends, FastAPI, Request
from sqlalchemy.orm import Session

from app import services
from app.auth import current_customer, require_admin
from app.clock import Clock, SystemClock, get_clock
from app.config import Settings
from app.db import Base, get_session, make_engine, make_session_factory
from app.errors import install_error_handlers
from app.models import Coupon, Customer, Order
from app.money import bps_to_percent
from app.schemas import (
    CouponCodeIn,
    CouponIn,
    CouponOut,
    LineIn,
    LineQuantityIn,
    OrderIn,
    OrderOut,
    ProductIn,
    ProductOut,
    ProductPatch,
    StatusIn,
    order_out,
    product_out,
)
from app.status import OrderStatus

logger = logging.getLogger("orders_api")

router = APIRouter()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def _coupon_out(coupon: Coupon) -> CouponOut:
    return CouponOut(
        id=coupon.id,
        code=coupon.code,
        kind=coupon.kind,
        percent_off=bps_to_percent(coupon.percent_off_bps) if coupon.percent_off_bps is not None else None,
        amount_off_cents=coupon.amount_off_cents,
        max_redemptions=coupon.max_redemptions,
        expires_at=coupon.expires_at,
    )


@router.get("/health")
def health() -> dict:
    return {"status": "ok"}


# --- catalog --------------------------------------------------------------------------------


@router.get("/products", response_model=list[ProductOut])
def list_products(
    customer: Customer = Depends(current_customer), session: Session = Depends(get_session)
) -> list[ProductOut]:
    return [product_out(p) for p in services.list_products(session, customer)]


@router.get("/products/{product_id}", response_model=ProductOut)
def get_product(
    product_id: int, _customer: Customer = Depends(current_customer), session: Session = Depends(get_session)
) -> ProductOut:
    return product_out(services.get_product(session, product_id))


@router.post("/products", response_model=ProductOut, status_code=201)
def create_product(
    body: ProductIn, _admin: Customer = Depends(require_admin), session: Session = Depends(get_session)
) -> ProductOut:
    return product_out(services.create_product(session, body))


@router.patch("/products/{product_id}", response_model=ProductOut)
def update_product(
    product_id: int,
    body: ProductPatch,
    _admin: Customer = Depends(require_admin),
    session: Session = Depends(get_session),
) -> ProductOut:
    return product_out(services.update_product(session, product_id, body))


@router.post("/coupons", response_model=CouponOut, status_code=201)
def create_coupon(
    body: CouponIn, _admin: Customer = Depends(require_admin), session: Session = Depends(get_session)
) -> CouponOut:
    return _coupon_out(services.create_coupon(session, body))


# --- orders ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderContext:
    session: Session
    clock: Clock
    settings: Settings

    def out(self, order: Order) -> OrderOut:
        return order_out(order, self.settings.tax_rate_percent)


def order_context(
    session: Session = Depends(get_session),
    clock: Clock = Depends(get_clock),
    settings: Settings = Depends(get_settings),
) -> OrderContext:
    return OrderContext(session=session, clock=clock, settings=settings)


@router.get("/orders", response_model=list[OrderOut])
def list_orders(
    customer: Customer = Depends(current_customer), ctx: OrderContext = Depends(order_context)
) -> list[OrderOut]:
    return [ctx.out(order) for order in services.list_orders(ctx.session, customer)]


@router.post("/orders", response_model=OrderOut, status_code=201)
def create_order(
    body: OrderIn, customer: Customer = Depends(current_customer), ctx: OrderContext = Depends(order_context)
) -> OrderOut:
    order = services.create_order(ctx.session, customer, body, ctx.clock)
    logger.info("order %s created by customer %s", order.id, customer.id)
    return ctx.out(order)


@router.get("/orders/{order_id}", response_model=OrderOut)
def get_order(
    order_id: int, customer: Customer = Depends(current_customer), ctx: OrderContext = Depends(order_context)
) -> OrderOut:
    return ctx.out(services.get_order(ctx.session, customer, order_id))


@router.post("/orders/{order_id}/lines", response_model=OrderOut)
def add_line(
    order_id: int,
    body: LineIn,
    customer: Customer = Depends(current_customer),
    ctx: OrderContext = Depends(order_context),
) -> OrderOut:
    return ctx.out(services.add_line(ctx.session, customer, order_id, body, ctx.clock))


@router.patch("/orders/{order_id}/lines/{line_id}", response_model=OrderOut)
def update_line(
    order_id: int,
    line_id: int,
    body: LineQuantityIn,
    customer: Customer = Depends(current_customer),
    ctx: OrderContext = Depends(order_context),
) -> OrderOut:
    return ctx.out(services.update_line_quantity(ctx.session, customer, order_id, line_id, body.quantity, ctx.clock))


@router.delete("/orders/{order_id}/lines/{line_id}", response_model=OrderOut)
def remove_line(
    order_id: int,
    line_id: int,
    customer: Customer = Depends(current_customer),
    ctx: OrderContext = Depends(order_context),
) -> OrderOut:
    return ctx.out(services.remove_line(ctx.session, customer, order_id, line_id, ctx.clock))


@router.post("/orders/{order_id}/coupon", response_model=OrderOut)
def apply_coupon(
    order_id: int,
    body: CouponCodeIn,
    customer: Customer = Depends(current_customer),
    ctx: OrderContext = Depends(order_context),
) -> OrderOut:
    return ctx.out(services.apply_coupon(ctx.session, customer, order_id, body.code, ctx.clock))


@router.delete("/orders/{order_id}/coupon", response_model=OrderOut)
def remove_coupon(
    order_id: int, customer: Customer = Depends(current_customer), ctx: OrderContext = Depends(order_context)
) -> OrderOut:
    return ctx.out(services.remove_coupon(ctx.session, customer, order_id, ctx.clock))


@router.post("/orders/{order_id}/pay", response_model=OrderOut)
def pay_order(
    order_id: int, customer: Customer = Depends(current_customer), ctx: OrderContext = Depends(order_context)
) -> OrderOut:
    order = services.pay_order(ctx.session, customer, order_id, ctx.clock)
    logger.info("order %s paid by customer %s", order.id, customer.id)
    return ctx.out(order)


@router.post("/orders/{order_id}/cancel", response_model=OrderOut)
def cancel_order(
    order_id: int, customer: Customer = Depends(current_customer), ctx: OrderContext = Depends(order_context)
) -> OrderOut:
    order = services.cancel_order(ctx.session, customer, order_id, ctx.clock)
    logger.info("order %s cancelled by customer %s", order.id, customer.id)
    return ctx.out(order)


@router.post("/admin/orders/{order_id}/status", response_model=OrderOut)
def set_order_status(
    order_id: int,
    body: StatusIn,
    admin: Customer = Depends(require_admin),
    ctx: OrderContext = Depends(order_context),
) -> OrderOut:
    order = services.set_status(ctx.session, order_id, OrderStatus(body.status), ctx.clock)
    logger.info("order %s set to %s by admin %s", order.id, order.status, admin.id)
    return ctx.out(order)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    Base.metadata.create_all(engine)

    app = FastAPI(title="orders-api")
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.clock = clock or SystemClock()
    install_error_handlers(app)
    app.include_router(router)
    return app
