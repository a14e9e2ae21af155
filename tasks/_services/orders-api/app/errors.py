"""Typed application errors and the handlers that render them.

Every error response has the same shape: {"error": {"code": "...", "message": "..."}}.
"""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


class AppError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not_found"

    def __init__(self, resource: str, ident: object):
        super().__init__(f"{resource} {ident} not found")


class CouponNotFound(AppError):
    status_code = 404
    code = "coupon_not_found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class DuplicateSku(Conflict):
    code = "duplicate_sku"


class DuplicateCoupon(Conflict):
    code = "duplicate_coupon"


class ProductUnavailable(Conflict):
    code = "product_unavailable"


class InsufficientStock(Conflict):
    code = "insufficient_stock"


class OrderNotEditable(Conflict):
    code = "order_not_editable"


class EmptyOrder(Conflict):
    code = "empty_order"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class CouponExpired(Conflict):
    code = "coupon_expired"


class CouponExhausted(Conflict):
    code = "coupon_exhausted"


def error_body(code: str, message: str, **extra: object) -> dict:
    return {"error": {"code": code, "message": message, **extra}}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content=error_body(exc.code, exc.message))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [{"loc": list(err["loc"]), "msg": err["msg"]} for err in exc.errors()]
        return JSONResponse(
            status_code=422,
            content=error_body("validation_error", "request validation failed", fields=fields),
        )
