"""Store plan prices as integer cents like every other amount (was a decimal string)."""

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Connection, text

revision = "0004"
down_revision = "0003"


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        "ALTER TABLE plans ADD COLUMN monthly_price_cents INTEGER NOT NULL DEFAULT 0"
    )
    for plan_id, price in conn.execute(text("SELECT id, monthly_price FROM plans")).all():
        cents = int((Decimal(price) * 100).to_integral_value(rounding=ROUND_HALF_UP))
        conn.execute(
            text("UPDATE plans SET monthly_price_cents = :cents WHERE id = :id"),
            {"cents": cents, "id": plan_id},
        )
    conn.exec_driver_sql("ALTER TABLE plans DROP COLUMN monthly_price")


def downgrade(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE plans ADD COLUMN monthly_price TEXT NOT NULL DEFAULT '0.00'")
    for plan_id, cents in conn.execute(text("SELECT id, monthly_price_cents FROM plans")).all():
        conn.execute(
            text("UPDATE plans SET monthly_price = :price WHERE id = :id"),
            {"price": str(Decimal(cents).scaleb(-2)), "id": plan_id},
        )
    conn.exec_driver_sql("ALTER TABLE plans DROP COLUMN monthly_price_cents")
