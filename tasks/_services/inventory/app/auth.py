"""API keys and who may do what.

Two kinds of caller hold keys: the warehouse team (`admin`: items, receipts, adjustments, counts,
shipping, the inbox, every reservation) and sales channels (`channel`: they read stock and hold
reservations for their own orders). A channel only ever sees its own reservations: another
channel's reservation answers 404 exactly like one that does not exist, so that reservation ids
cannot be probed.
"""

from dataclasses import dataclass
from enum import StrEnum

from app.errors import Forbidden, ReservationNotFound


class Role(StrEnum):
    ADMIN = "admin"
    CHANNEL = "channel"


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def parse_api_keys(spec: str) -> dict[str, Principal]:
    """`key=name:role,key=name:role` (the INVENTORY_API_KEYS setting) -> {key: Principal}."""
    keys = {}
    for entry in filter(None, (part.strip() for part in spec.split(","))):
        key, _, who = entry.partition("=")
        name, _, role = who.partition(":")
        if not key or not name:
            raise ValueError(f"bad API key entry {entry!r}: expected key=name:role")
        keys[key] = Principal(name, Role(role))
    return keys


def require_admin(principal: Principal, action: str) -> None:
    if not principal.is_admin:
        raise Forbidden(action)


def check_owner(principal: Principal, reservation) -> None:
    """Channels may only touch their own reservations (see the module docstring)."""
    if not principal.is_admin and reservation.channel != principal.name:
        raise ReservationNotFound(reservation.id)
