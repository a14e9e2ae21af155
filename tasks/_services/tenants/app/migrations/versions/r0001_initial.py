"""Tenants, their users, projects and time entries."""

from sqlalchemy import Connection

revision = "0001"
down_revision = None


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        """
        CREATE TABLE tenants (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            created_at DATETIME NOT NULL
        )
        """
    )
    conn.exec_driver_sql(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants (id),
            email TEXT NOT NULL,
            role TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            active BOOLEAN NOT NULL DEFAULT 1,
            created_at DATETIME NOT NULL,
            CONSTRAINT uq_users_tenant_email UNIQUE (tenant_id, email)
        )
        """
    )
    conn.exec_driver_sql(
        """
        CREATE TABLE projects (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants (id),
            name TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active',
            tags TEXT NOT NULL DEFAULT '',
            created_at DATETIME NOT NULL,
            CONSTRAINT uq_projects_tenant_name UNIQUE (tenant_id, name)
        )
        """
    )
    conn.exec_driver_sql(
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES projects (id),
            user_id INTEGER NOT NULL REFERENCES users (id),
            day DATE NOT NULL,
            minutes INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at DATETIME NOT NULL
        )
        """
    )
    conn.exec_driver_sql("CREATE INDEX ix_entries_project_day ON entries (project_id, day)")


def downgrade(conn: Connection) -> None:
    for table in ("entries", "projects", "users", "tenants"):
        conn.exec_driver_sql(f"DROP TABLE {table}")
