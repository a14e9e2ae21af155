"""The event store: one append-only table of every stock event, ordered by position."""

from sqlalchemy import Connection

revision = "0001"
down_revision = None


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        """
        CREATE TABLE events (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            stream_id TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            type TEXT NOT NULL,
            schema_version INTEGER NOT NULL DEFAULT 1,
            data TEXT NOT NULL,
            recorded_at DATETIME NOT NULL,
            UNIQUE (stream_id, version)
        )
        """
    )
    # ADR-2: events are facts; a mistake is corrected by a compensating event, never by editing
    # history. The database enforces it so that no tool or hand-written SQL can get round it.
    conn.exec_driver_sql(
        """
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END
        """
    )
    conn.exec_driver_sql(
        """
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END
        """
    )


def downgrade(conn: Connection) -> None:
    conn.exec_driver_sql("DROP TRIGGER events_no_delete")
    conn.exec_driver_sql("DROP TRIGGER events_no_update")
    conn.exec_driver_sql("DROP TABLE events")
