"""Customers, plans, subscriptions, invoices and payments."""

from sqlalchemy import Connection

revision = "0001"
down_revision = None


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            tax_rate TEXT NOT NULL DEFAULT '0',
            created_at DATETIME NOT NULL
        )
        """
    )
    conn.exec_driver_sql(
        """
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            monthly_price TEXT NOT NULL
        )
        """
    )
    conn.exec_driver_sql(
        """
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (id),
            plan_id INTEGER NOT NULL REFERENCES plans (id),
            status TEXT NOT NULL,
            period_start DATE NOT NULL,
            period_end DATE NOT NULL,
            created_at DATETIME NOT NULL
        )
        """
    )
    conn.exec_driver_sql(
        """
        CREATE TABLE invoices (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (id),
            subscription_id INTEGER REFERENCES subscriptions (id),
            status TEXT NOT NULL,
            subtotal_cents INTEGER NOT NULL DEFAULT 0,
            tax_cents INTEGER NOT NULL DEFAULT 0,
            total_cents INTEGER NOT NULL DEFAULT 0,
            amount_paid_cents INTEGER NOT NULL DEFAULT 0,
            created_at DATETIME NOT NULL
        )
        """
    )
    conn.exec_driver_sql("CREATE INDEX ix_invoices_customer_id ON invoices (customer_id)")
    conn.exec_driver_sql(
        """
        CREATE TABLE invoice_lines (
            id INTEGER PRIMARY KEY,
            invoice_id INTEGER NOT NULL REFERENCES invoices (id),
            description TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            unit_amount_cents INTEGER NOT NULL,
            amount_cents INTEGER NOT NULL
        )
        """
    )
    conn.exec_driver_sql("CREATE INDEX ix_invoice_lines_invoice_id ON invoice_lines (invoice_id)")
    conn.exec_driver_sql(
        """
        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            invoice_id INTEGER NOT NULL REFERENCES invoices (id),
            amount_cents INTEGER NOT NULL,
            refunded_cents INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL,
            gateway_charge_id TEXT NOT NULL,
            created_at DATETIME NOT NULL
        )
        """
    )
    conn.exec_driver_sql("CREATE INDEX ix_payments_invoice_id ON payments (invoice_id)")


def downgrade(conn: Connection) -> None:
    for table in ("payments", "invoice_lines", "invoices", "subscriptions", "plans", "customers"):
        conn.exec_driver_sql(f"DROP TABLE {table}")
