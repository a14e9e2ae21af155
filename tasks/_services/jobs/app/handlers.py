from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.clock import Clock
from app.errors import PermanentError, UnknownJobKind
from app.gateways import Mailer, PaymentGateway


@dataclass(frozen=True)
class JobContext:
    job_id: int
    attempt: int
    attempt_id: str  # unique per execution attempt: for logs and tracing
    idempotency_key: str  # stable across attempts: for side effects that must happen once
    clock: Clock


Handler = Callable[[dict[str, Any], JobContext], dict[str, Any] | None]


class HandlerRegistry:
    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, kind: str, handler: Handler) -> None:
        if kind in self._handlers:
            raise ValueError(f"a handler for {kind!r} is already registered")
        self._handlers[kind] = handler

    def get(self, kind: str) -> Handler:
        try:
            return self._handlers[kind]
        except KeyError:
            raise UnknownJobKind(kind) from None

    def kinds(self) -> frozenset[str]:
        return frozenset(self._handlers)


def require_fields(payload: dict[str, Any], *fields: str) -> None:
    missing = [name for name in fields if name not in payload]
    if missing:
        raise PermanentError(f"payload is missing required field(s): {', '.join(missing)}")


def build_registry(payments: PaymentGateway, mailer: Mailer) -> HandlerRegistry:
    registry = HandlerRegistry()

    def charge_invoice(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
        require_fields(payload, "invoice_id", "customer_id", "amount_cents", "email")
        charge = payments.charge(
            customer_id=payload["customer_id"],
            amount_cents=int(payload["amount_cents"]),
            currency=payload.get("currency", "EUR"),
            idempotency_key=ctx.idempotency_key,
        )
        mailer.send(
            to=payload["email"],
            template="receipt",
            data={"invoice_id": payload["invoice_id"], "charge_id": charge.id},
        )
        return {"charge_id": charge.id}

    def send_email(payload: dict[str, Any], ctx: JobContext) -> None:
        require_fields(payload, "to", "template")
        mailer.send(to=payload["to"], template=payload["template"], data=payload.get("data", {}))

    registry.register("charge_invoice", charge_invoice)
    registry.register("send_email", send_email)
    return registry
