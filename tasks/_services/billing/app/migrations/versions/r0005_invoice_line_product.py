"""Link invoice lines to the product they sell, for stock and sales reporting."""

from sqlalchemy import Connection

revision = "0005"
down_revision = "0004"


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        "ALTER TABLE invoice_lines ADD COLUMN product_id INTEGER REFERENCES products (id)"
    )
    conn.exec_driver_sql("CREATE INDEX ix_invoice_lines_product_id ON invoice_lines (product_id)")


def downgrade(conn: Connection) -> None:
    conn.exec_driver_sql("DROP INDEX ix_invoice_lines_product_id")
    conn.exec_driver_sql("ALTER TABLE invoice_lines DROP COLUMN product_id")
