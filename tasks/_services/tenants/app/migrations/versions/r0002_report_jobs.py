"""Report jobs: requested through the API, built by the worker (app/worker.py)."""

from sqlalchemy import Connection

revision = "0002"
down_revision = "0001"


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        """
        CREATE TABLE report_jobs (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants (id),
            requested_by INTEGER NOT NULL REFERENCES users (id),
            kind TEXT NOT NULL,
            params JSON NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            idempotency_key TEXT,
            lease_owner TEXT,
            result JSON,
            error TEXT,
            created_at DATETIME NOT NULL,
            started_at DATETIME,
            finished_at DATETIME,
            CONSTRAINT uq_report_jobs_tenant_key UNIQUE (tenant_id, idempotency_key)
        )
        """
    )
    conn.exec_driver_sql("CREATE INDEX ix_report_jobs_status ON report_jobs (status, id)")


def downgrade(conn: Connection) -> None:
    conn.exec_driver_sql("DROP TABLE report_jobs")
