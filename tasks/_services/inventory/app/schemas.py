from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SKU_PATTERN = r"^[A-Z0-9][A-Z0-9-]{0,63}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ItemCreate(Strict):
    sku: str = Field(pattern=SKU_PATTERN)
    name: str = Field(min_length=1, max_length=200)


class ReceiptCreate(Strict):
    quantity: int = Field(gt=0)
    reference: str = Field(default="", max_length=200)


class AdjustmentCreate(Strict):
    delta: int
    reason: str = Field(min_length=1, max_length=200)


class CountCreate(Strict):
    counted: int
    note: str = Field(default="", max_length=200)


class ReservationCreate(Strict):
    sku: str = Field(pattern=SKU_PATTERN)
    quantity: int = Field(gt=0)
    order_id: str = Field(min_length=1, max_length=100)
    expires_at: datetime | None = None


class ReservationExtend(Strict):
    expires_at: datetime


class InboxMessage(Strict):
    message_id: str = Field(min_length=1, max_length=200)
    topic: str = Field(min_length=1, max_length=100)
    payload: dict[str, Any]


class StockLevelOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sku: str
    name: str
    on_hand: int
    reserved: int
    available: int
    version: int
    updated_at: datetime


class ReservationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    sku: str
    channel: str
    order_id: str
    quantity: int
    status: str
    expires_at: datetime | None
    created_at: datetime
    closed_at: datetime | None


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    position: int
    version: int
    type: str
    data: dict[str, Any]
    recorded_at: datetime


class DeliveryAccepted(BaseModel):
    delivery_id: int


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    message_id: str
    topic: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    received_at: datetime
    finished_at: datetime | None
