"""Typed errors. Each maps to an HTTP status and a stable machine-readable code.

Responses look like: {"error": {"code": "payment_not_found", "message": "..."}}
"""

from __future__ import annotations


class AppError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignatureError(AppError):
    status_code = 401
    code = "invalid_signature"


class InvalidPayload(AppError):
    status_code = 400
    code = "invalid_payload"


class InvalidQuery(AppError):
    status_code = 422
    code = "invalid_query"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class PaymentNotFound(NotFound):
    code = "payment_not_found"

    def __init__(self, provider_payment_id: str):
        super().__init__(f"no local payment with provider id {provider_payment_id!r}")


class SubscriptionNotFound(NotFound):
    code = "subscription_not_found"

    def __init__(self, provider_subscription_id: str):
        super().__init__(f"no local subscription with provider id {provider_subscription_id!r}")


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class PaymentExists(Conflict):
    code = "payment_exists"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class AmountMismatch(AppError):
    status_code = 422
    code = "amount_mismatch"


class RefundExceedsPayment(AppError):
    status_code = 422
    code = "refund_exceeds_payment"

    def __init__(self, provider_payment_id: str, refunded: int, amount: int):
        super().__init__(
            f"refunds on payment {provider_payment_id!r} would total {refunded}, more than the captured {amount}"
        )
