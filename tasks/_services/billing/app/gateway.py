"""Payment processor client interface.

Production wires the processor's HTTP client; development and tests use FakeGateway.
"""

from dataclasses import dataclass, field
from typing import Protocol


class GatewayDeclined(Exception):
    """The processor refused the charge (card declined, insufficient funds...)."""


class PaymentGateway(Protocol):
    def charge(self, amount_cents: int, reference: str) -> str:
        """Capture `amount_cents`; returns the processor's charge id."""
        ...

    def refund(self, charge_id: str, amount_cents: int) -> str:
        """Refund part or all of a charge; returns the processor's refund id."""
        ...


@dataclass
class FakeGateway:
    """In-memory processor that records every call."""

    charges: list[tuple[str, int, str]] = field(default_factory=list)
    refunds: list[tuple[str, str, int]] = field(default_factory=list)
    decline_next: bool = False

    def charge(self, amount_cents: int, reference: str) -> str:
        if self.decline_next:
            self.decline_next = False
            raise GatewayDeclined("card declined")
        charge_id = f"ch_{len(self.charges) + 1}"
        self.charges.append((charge_id, amount_cents, reference))
        return charge_id

    def refund(self, charge_id: str, amount_cents: int) -> str:
        refund_id = f"re_{len(self.refunds) + 1}"
        self.refunds.append((refund_id, charge_id, amount_cents))
        return refund_id
