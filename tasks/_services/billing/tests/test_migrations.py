from sqlalchemy import inspect, text

from app import migrations

APP_TABLES = {
    "customers",
    "plans",
    "subscriptions",
    "invoices",
    "invoice_lines",
    "payments",
    "products",
    "stock_reservations",
}


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _revisions() -> list[str]:
    return [m.revision for m in migrations.load_migrations()]


def test_revisions_form_a_chain():
    chain = migrations.load_migrations()
    assert chain[0].revision == "0001"
    assert chain[0].down_revision is None
    assert [m.down_revision for m in chain[1:]] == [m.revision for m in chain[:-1]]


def test_upgrade_to_head_creates_schema(engine):
    applied = migrations.upgrade(engine)
    assert applied == _revisions()
    assert migrations.current_revision(engine) == _revisions()[-1]
    assert APP_TABLES <= _tables(engine)
    assert migrations.upgrade(engine) == []


def test_downgrade_to_base_and_upgrade_again(engine):
    migrations.upgrade(engine)
    reverted = migrations.downgrade(engine, "base")
    assert reverted == _revisions()[::-1]
    assert migrations.current_revision(engine) is None
    assert not (APP_TABLES & _tables(engine))
    migrations.upgrade(engine)
    assert APP_TABLES <= _tables(engine)


def test_plan_prices_are_converted_to_cents(engine):
    migrations.upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO plans (code, name, monthly_price) VALUES ('pro', 'Pro', '19.99')")
        )
    migrations.upgrade(engine)
    with engine.begin() as conn:
        cents = conn.execute(text("SELECT monthly_price_cents FROM plans")).scalar_one()
    assert cents == 1999
