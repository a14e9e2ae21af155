from fastapi.testclient import TestClient
from sqlalchemy import text

from app import migrations
from app.main import create_app

LEGACY_PRICES = {
    "starter": "0.05",
    "basic": "9.90",
    "pro": "19.99",
    "team": "49.50",
    "business": "120.00",
    "enterprise": "1234.56",
}


def _seed_legacy_plans(engine) -> None:
    """Plans and a subscription as the 0003-era code wrote them (prices as two-place strings)."""
    migrations.upgrade(engine, "0003")
    with engine.begin() as conn:
        for code, price in LEGACY_PRICES.items():
            conn.execute(
                text("INSERT INTO plans (code, name, monthly_price) VALUES (:c, :n, :p)"),
                {"c": code, "n": code.title(), "p": price},
            )
        conn.execute(
            text(
                "INSERT INTO customers (name, email, tax_rate, created_at) "
                "VALUES ('Ada', 'ada@example.com', '0', '2024-03-01 09:30:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO subscriptions (customer_id, plan_id, status, period_start, period_end, "
                "created_at) SELECT 1, id, 'active', '2024-03-01', '2024-04-01', "
                "'2024-03-01 09:30:00' FROM plans WHERE code = 'pro'"
            )
        )


def _legacy_prices(engine) -> dict[str, str]:
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT code, monthly_price, typeof(monthly_price) FROM plans"))
        return {code: (price, kind) for code, price, kind in rows}


def _plan_columns(engine) -> list[tuple]:
    with engine.begin() as conn:
        return [
            (row.name, row.type.upper(), row.notnull, row.pk)
            for row in conn.execute(text("PRAGMA table_info(plans)"))
        ]


def test_downgrade_restores_legacy_prices_exactly(engine):
    _seed_legacy_plans(engine)
    migrations.upgrade(engine)
    migrations.downgrade(engine, "0003")
    assert migrations.current_revision(engine) == "0003"
    assert _legacy_prices(engine) == {code: (price, "text") for code, price in LEGACY_PRICES.items()}
    with engine.begin() as conn:
        plan_code = conn.execute(
            text("SELECT p.code FROM subscriptions s JOIN plans p ON p.id = s.plan_id")
        ).scalar_one()
    assert plan_code == "pro"


def test_prices_written_at_head_survive_downgrade(engine, clock, gateway):
    migrations.upgrade(engine)
    with TestClient(create_app(engine=engine, clock=clock, gateway=gateway)) as client:
        for code, price in (("lite", "12.34"), ("plus", "7.05"), ("max", "300.00")):
            response = client.post("/plans", json={"code": code, "name": code, "monthly_price": price})
            assert response.status_code == 201, response.text
    migrations.downgrade(engine, "0003")
    assert _legacy_prices(engine) == {
        "lite": ("12.34", "text"),
        "plus": ("7.05", "text"),
        "max": ("300.00", "text"),
    }


def test_upgrade_downgrade_upgrade_keeps_prices(engine, clock, gateway):
    _seed_legacy_plans(engine)
    migrations.upgrade(engine)
    migrations.downgrade(engine, "0003")
    migrations.upgrade(engine)
    with TestClient(create_app(engine=engine, clock=clock, gateway=gateway)) as client:
        prices = {plan["code"]: plan["monthly_price"] for plan in client.get("/plans").json()}
    assert prices == LEGACY_PRICES


def test_downgraded_plans_table_has_legacy_columns(engine):
    migrations.upgrade(engine, "0003")
    legacy_columns = _plan_columns(engine)
    migrations.upgrade(engine)
    migrations.downgrade(engine, "0003")
    assert _plan_columns(engine) == legacy_columns
