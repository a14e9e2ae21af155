import pytest
from fastapi.testclient import TestClient
from sqlalchemy import exc, text

from app import migrations
from app.db import make_engine
from app.main import create_app


def _schema(engine) -> dict:
    """Columns, foreign keys and indexes of every application table, as SQLite reports them."""
    schema = {}
    with engine.begin() as conn:
        tables = conn.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'schema_version' ORDER BY name"
            )
        ).scalars()
        for table in list(tables):
            columns = [
                (r.name, r.type.upper(), r.notnull, r.dflt_value, r.pk)
                for r in conn.execute(text(f"PRAGMA table_info('{table}')"))
            ]
            foreign_keys = sorted(
                (r.table, r._mapping["from"], r._mapping["to"])
                for r in conn.execute(text(f"PRAGMA foreign_key_list('{table}')"))
            )
            indexes = sorted(
                (
                    r.unique,
                    r.origin,
                    tuple(
                        c.name
                        for c in conn.execute(text(f"PRAGMA index_info('{r.name}')"))
                    ),
                )
                for r in conn.execute(text(f"PRAGMA index_list('{table}')"))
            )
            schema[table] = {"columns": columns, "foreign_keys": foreign_keys, "indexes": indexes}
    return schema


def _fresh_schema(tmp_path, target: str) -> dict:
    engine = make_engine(f"sqlite:///{tmp_path / f'fresh-{target}.db'}")
    migrations.upgrade(engine, target)
    schema = _schema(engine)
    engine.dispose()
    return schema


@pytest.fixture
def seeded(engine, clock, gateway):
    """A head database with free-form and product invoice lines, one invoice paid."""
    migrations.upgrade(engine)
    with TestClient(create_app(engine=engine, clock=clock, gateway=gateway)) as client:
        customer = client.post("/customers", json={"name": "Ada", "email": "ada@example.com"}).json()
        client.post("/products", json={"sku": "MUG-01", "name": "Mug", "unit_price": "12.00", "on_hand": 9})
        first = client.post(
            "/invoices",
            json={
                "customer_id": customer["id"],
                "lines": [
                    {"description": "Setup fee", "unit_amount": "5.00"},
                    {"sku": "MUG-01", "quantity": 2},
                ],
            },
        ).json()
        second = client.post(
            "/invoices",
            json={
                "customer_id": customer["id"],
                "lines": [{"description": "Consulting", "unit_amount": "80.00", "quantity": 3}],
            },
        ).json()
        client.post(f"/invoices/{second['id']}/payments", json={"amount": "240.00"})
        invoices = [client.get(f"/invoices/{i['id']}").json() for i in (first, second)]
    return {"customer": customer, "invoices": invoices}


def test_downgrade_restores_the_0004_schema(engine, seeded, tmp_path):
    migrations.downgrade(engine, "0004")
    assert migrations.current_revision(engine) == "0004"
    assert _schema(engine) == _fresh_schema(tmp_path, "0004")


def test_upgrade_after_downgrade_restores_the_head_schema(engine, seeded, tmp_path):
    migrations.downgrade(engine, "0004")
    migrations.upgrade(engine)
    assert _schema(engine) == _fresh_schema(tmp_path, "head")


def test_foreign_keys_hold_after_downgrade(engine, seeded):
    migrations.downgrade(engine, "0004")
    with engine.begin() as conn:
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    with pytest.raises(exc.IntegrityError):
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO invoice_lines (invoice_id, description, quantity, "
                    "unit_amount_cents, amount_cents) VALUES (999, 'orphan', 1, 100, 100)"
                )
            )


def test_round_trip_keeps_invoice_lines(engine, seeded, clock, gateway):
    migrations.downgrade(engine, "0004")
    with engine.begin() as conn:
        rows = conn.execute(
            text("SELECT id, invoice_id, description, quantity, unit_amount_cents, amount_cents "
                 "FROM invoice_lines ORDER BY id")
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, 1, "Setup fee", 1, 500, 500),
        (2, 1, "Mug", 2, 1200, 2400),
        (3, 2, "Consulting", 3, 8000, 24000),
    ]
    migrations.upgrade(engine)
    with TestClient(create_app(engine=engine, clock=clock, gateway=gateway)) as client:
        after = [client.get(f"/invoices/{i['id']}").json() for i in seeded["invoices"]]
    for invoice in seeded["invoices"]:
        for line in invoice["lines"]:
            line["sku"] = None  # the product link lives only in the dropped column
    assert after == seeded["invoices"]


def test_service_works_after_rollback_drill(engine, seeded, clock, gateway):
    migrations.downgrade(engine, "0004")
    migrations.upgrade(engine)
    with TestClient(create_app(engine=engine, clock=clock, gateway=gateway)) as client:
        response = client.post(
            "/invoices",
            json={
                "customer_id": seeded["customer"]["id"],
                "lines": [{"sku": "MUG-01", "quantity": 1}, {"description": "Gift wrap", "unit_amount": "2.50"}],
            },
        )
        assert response.status_code == 201, response.text
        invoice = response.json()
        assert [line["id"] for line in invoice["lines"]] == [4, 5]
        assert [line["sku"] for line in invoice["lines"]] == ["MUG-01", None]
        paid = client.post(f"/invoices/{invoice['id']}/payments", json={"amount": "14.50"})
        assert paid.status_code == 201, paid.text
        assert client.get(f"/invoices/{invoice['id']}").json()["status"] == "paid"
