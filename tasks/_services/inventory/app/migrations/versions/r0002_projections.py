"""Read models built from the events: stock levels per item and reservations.

Both can be dropped and rebuilt from the event store at any time (python -m app.projections rebuild).
"""

from sqlalchemy import Connection

revision = "0002"
down_revision = "0001"


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        """
        CREATE TABLE stock_levels (
            sku TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            on_hand INTEGER NOT NULL DEFAULT 0,
            reserved INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL,
            updated_at DATETIME NOT NULL
        )
        """
    )
    conn.exec_driver_sql(
        """
        CREATE TABLE reservations (
            id TEXT PRIMARY KEY,
            sku TEXT NOT NULL REFERENCES stock_levels (sku),
            channel TEXT NOT NULL,
            order_id TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            status TEXT NOT NULL,
            expires_at DATETIME,
            created_at DATETIME NOT NULL,
            closed_at DATETIME
        )
        """
    )
    conn.exec_driver_sql("CREATE INDEX ix_reservations_channel ON reservations (channel, created_at)")
    conn.exec_driver_sql("CREATE INDEX ix_reservations_order ON reservations (order_id)")
    conn.exec_driver_sql("CREATE INDEX ix_reservations_due ON reservations (status, expires_at)")


def downgrade(conn: Connection) -> None:
    conn.exec_driver_sql("DROP TABLE reservations")
    conn.exec_driver_sql("DROP TABLE stock_levels")
