"""SQLAlchemy Core descriptions of the tables the migrations create (app/migrations/versions)."""

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text

metadata = MetaData()

events = Table(
    "events",
    metadata,
    Column("position", Integer, primary_key=True),
    Column("stream_id", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", Text, nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)

stock_levels = Table(
    "stock_levels",
    metadata,
    Column("sku", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("on_hand", Integer, nullable=False),
    Column("reserved", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

reservations = Table(
    "reservations",
    metadata,
    Column("id", Text, primary_key=True),
    Column("sku", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("order_id", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("expires_at", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
)

inbox_messages = Table(
    "inbox_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", Text, nullable=False),
    Column("topic", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime, nullable=False),
    Column("last_error", Text),
    Column("received_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
)

processed_messages = Table(
    "processed_messages",
    metadata,
    Column("message_id", Text, primary_key=True),
    Column("delivery_id", Integer, nullable=False),
    Column("processed_at", DateTime, nullable=False),
)
