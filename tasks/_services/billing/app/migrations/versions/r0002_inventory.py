"""Products and stock reservations held by open invoices."""

from sqlalchemy import Connection

revision = "0002"
down_revision = "0001"


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        """
        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            sku TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            unit_price_cents INTEGER NOT NULL,
            on_hand INTEGER NOT NULL CHECK (on_hand >= 0)
        )
        """
    )
    conn.exec_driver_sql(
        """
        CREATE TABLE stock_reservations (
            id INTEGER PRIMARY KEY,
            product_id INTEGER NOT NULL REFERENCES products (id),
            invoice_id INTEGER NOT NULL REFERENCES invoices (id),
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            status TEXT NOT NULL,
            created_at DATETIME NOT NULL
        )
        """
    )
    conn.exec_driver_sql(
        "CREATE INDEX ix_stock_reservations_product_status ON stock_reservations (product_id, status)"
    )


def downgrade(conn: Connection) -> None:
    conn.exec_driver_sql("DROP TABLE stock_reservations")
    conn.exec_driver_sql("DROP TABLE products")
