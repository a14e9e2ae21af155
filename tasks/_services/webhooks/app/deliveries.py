"""The delivery log: one row per request to the webhook endpoint, and its search query."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, bindparam, text
from sqlalchemy.orm import Session

from app.helpers.sql import escape_like
from app.helpers.timeutils import as_utc_naive
from app.models import Delivery


def record_delivery(
    session: Session,
    *,
    delivery_id: str | None,
    event_id: str | None,
    event_type: str | None,
    status: str,
    payload: str,
    received_at: datetime,
    error: str | None = None,
) -> Delivery:
    delivery = Delivery(
        delivery_id=delivery_id,
        event_id=event_id,
        event_type=event_type,
        status=status,
        error=error,
        payload=payload,
        received_at=as_utc_naive(received_at),
    )
    session.add(delivery)
    return delivery


_COLUMNS = {
    "id": Integer,
    "delivery_id": String,
    "event_id": String,
    "event_type": String,
    "status": String,
    "error": Text,
    "received_at": DateTime,
}


def search_deliveries(
    session: Session,
    *,
    q: str | None = None,
    status: str | None = None,
    event_type: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
) -> list[dict]:
    """Newest first. `q` matches a substring of the event id, delivery id or error message;
    `since` is inclusive, `until` exclusive (aware or naive-UTC datetimes)."""
    clauses: list[str] = []
    params: dict[str, object] = {"limit": limit}
    binds = [bindparam("limit", type_=Integer)]
    if q:
        clauses.append(
            "(event_id LIKE :q ESCAPE '\\' OR delivery_id LIKE :q ESCAPE '\\' OR error LIKE :q ESCAPE '\\')"
        )
        params["q"] = f"%{escape_like(q)}%"
    if status:
        clauses.append("status = :status")
        params["status"] = status
    if event_type:
        clauses.append("event_type = :event_type")
        params["event_type"] = event_type
    if since is not None:
        clauses.append("received_at >= :since")
        params["since"] = as_utc_naive(since)
        binds.append(bindparam("since", type_=DateTime))
    if until is not None:
        clauses.append("received_at < :until")
        params["until"] = as_utc_naive(until)
        binds.append(bindparam("until", type_=DateTime))
    where = " AND ".join(clauses) if clauses else "1 = 1"
    sql = (
        f"SELECT {', '.join(_COLUMNS)} FROM deliveries WHERE {where} "
        "ORDER BY received_at DESC, id DESC LIMIT :limit"
    )
    statement = text(sql).bindparams(*binds).columns(**_COLUMNS)
    return [dict(row) for row in session.execute(statement, params).mappings()]
