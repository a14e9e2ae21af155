"""Interfaces of the external systems that job handlers talk to."""

from dataclasses import dataclass
from typing import Any, Protocol

from app.errors import PermanentError, RetryableError


@dataclass(frozen=True)
class Charge:
    id: str
    customer_id: str
    amount_cents: int
    currency: str


class GatewayTimeout(RetryableError):
    """The payment provider did not answer in time. The charge may or may not have gone through."""


class CardDeclined(PermanentError):
    pass


class MailerUnavailable(RetryableError):
    pass


class PaymentGateway(Protocol):
    def charge(
        self, *, customer_id: str, amount_cents: int, currency: str, idempotency_key: str
    ) -> Charge:
        """Charge a customer. A repeated idempotency_key returns the original charge instead of
        charging again (the provider keeps keys for 24 hours)."""
        ...


class Mailer(Protocol):
    def send(self, *, to: str, template: str, data: dict[str, Any]) -> None: ...
