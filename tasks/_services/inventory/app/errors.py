"""The service's error idiom.

Domain and application code raise subclasses of InventoryError; each class carries the HTTP status
and a stable machine-readable `code`. app.api maps them to

    {"error": {"code": "...", "message": "..."}}

The consumer treats an InventoryError as permanent (the message can never succeed as sent) and
dead-letters the delivery at once; any other exception is retried with backoff.
"""


class InventoryError(Exception):
    status_code = 400
    code = "inventory_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthenticated(InventoryError):
    status_code = 401
    code = "unauthenticated"

    def __init__(self) -> None:
        super().__init__("missing or unknown X-Api-Key header")


class Forbidden(InventoryError):
    status_code = 403
    code = "forbidden"

    def __init__(self, action: str) -> None:
        super().__init__(f"this API key may not {action}")


class UnknownItem(InventoryError):
    status_code = 404
    code = "item_not_found"

    def __init__(self, sku: str) -> None:
        super().__init__(f"no item with SKU {sku!r}")
        self.sku = sku


class ItemAlreadyExists(InventoryError):
    status_code = 409
    code = "item_exists"

    def __init__(self, sku: str) -> None:
        super().__init__(f"an item with SKU {sku!r} is already registered")


class ReservationNotFound(InventoryError):
    status_code = 404
    code = "reservation_not_found"

    def __init__(self, reservation_id: str) -> None:
        super().__init__(f"reservation {reservation_id} does not exist")
        self.reservation_id = reservation_id


class ReservationClosed(InventoryError):
    status_code = 409
    code = "reservation_closed"

    def __init__(self, reservation_id: str, status: str) -> None:
        super().__init__(f"reservation {reservation_id} is {status}")
        self.reservation_id = reservation_id
        self.status = status


class InsufficientStock(InventoryError):
    status_code = 409
    code = "insufficient_stock"

    def __init__(self, sku: str, requested: int, available: int) -> None:
        super().__init__(f"cannot reserve {requested} of {sku}: {available} available")
        self.sku = sku
        self.requested = requested
        self.available = available


class BelowReserved(InventoryError):
    status_code = 409
    code = "below_reserved"

    def __init__(self, sku: str, on_hand: int, reserved: int) -> None:
        super().__init__(f"{sku} would have {on_hand} on hand but {reserved} are reserved")


class InvalidQuantity(InventoryError):
    status_code = 422
    code = "invalid_quantity"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class DeliveryNotFound(InventoryError):
    status_code = 404
    code = "delivery_not_found"

    def __init__(self, delivery_id: int) -> None:
        super().__init__(f"inbox delivery {delivery_id} does not exist")


class InvalidMessage(InventoryError):
    status_code = 422
    code = "invalid_message"


class ConcurrencyConflict(Exception):
    """Another writer appended to the stream since it was loaded. Not client-facing: callers
    reload the aggregate and decide again (app.unit_of_work.run_in_transaction)."""

    def __init__(self, stream_id: str, expected_version: int) -> None:
        super().__init__(f"stream {stream_id} moved past version {expected_version}")
        self.stream_id = stream_id
        self.expected_version = expected_version
