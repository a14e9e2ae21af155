"""Idempotency keys on payments so that retried captures are not charged twice."""

from sqlalchemy import Connection

revision = "0003"
down_revision = "0002"


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE payments ADD COLUMN idempotency_key TEXT")
    conn.exec_driver_sql(
        "CREATE UNIQUE INDEX ux_payments_idempotency_key ON payments (idempotency_key)"
    )


def downgrade(conn: Connection) -> None:
    conn.exec_driver_sql("DROP INDEX ux_payments_idempotency_key")
    conn.exec_driver_sql("ALTER TABLE payments DROP COLUMN idempotency_key")
