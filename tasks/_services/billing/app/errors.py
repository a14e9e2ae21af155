"""Typed errors raised by the service layer and mapped to JSON responses in app.main."""


class BillingError(Exception):
    status_code = 400

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class NotFound(BillingError):
    status_code = 404


class Conflict(BillingError):
    status_code = 409


class Unprocessable(BillingError):
    status_code = 422


class PaymentDeclined(BillingError):
    status_code = 402
