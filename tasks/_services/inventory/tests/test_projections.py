from sqlalchemy import select

from conftest import SHOP
from app import projections
from app.tables import reservations, stock_levels


def _read_models(engine):
    with engine.connect() as conn:
        levels = [tuple(row) for row in conn.execute(select(stock_levels).order_by(stock_levels.c.sku))]
        held = [tuple(row) for row in conn.execute(select(reservations).order_by(reservations.c.id))]
    return levels, held


def test_rebuild_reproduces_the_read_models(client, engine, clock, make_item, reserve, expire_reservations):
    make_item("MUG-BLUE", on_hand=10)
    make_item("TEE-S", on_hand=3)
    kept = reserve("MUG-BLUE", 2)
    released = reserve("TEE-S", 1)
    client.post(f"/reservations/{released['id']}/release", headers=SHOP)
    reserve("MUG-BLUE", 1)
    clock.advance(3600)
    expire_reservations()
    before = _read_models(engine)

    with engine.begin() as conn:
        replayed = projections.rebuild(conn)

    assert replayed == 10
    assert _read_models(engine) == before
    assert client.get(f"/reservations/{kept['id']}", headers=SHOP).json()["status"] == "expired"
