"""The inbox the message broker pushes into, and the ids of messages already applied.

The broker delivers at least once: one message (one message_id) may arrive as several deliveries.
"""

from sqlalchemy import Connection

revision = "0003"
down_revision = "0002"


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        """
        CREATE TABLE inbox_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            payload TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at DATETIME NOT NULL,
            last_error TEXT,
            received_at DATETIME NOT NULL,
            finished_at DATETIME
        )
        """
    )
    conn.exec_driver_sql("CREATE INDEX ix_inbox_due ON inbox_messages (status, next_attempt_at, id)")
    conn.exec_driver_sql(
        """
        CREATE TABLE processed_messages (
            message_id TEXT PRIMARY KEY,
            delivery_id INTEGER NOT NULL,
            processed_at DATETIME NOT NULL
        )
        """
    )


def downgrade(conn: Connection) -> None:
    conn.exec_driver_sql("DROP TABLE processed_messages")
    conn.exec_driver_sql("DROP TABLE inbox_messages")
