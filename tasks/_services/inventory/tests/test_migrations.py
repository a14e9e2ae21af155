from sqlalchemy import inspect

from app import migrations
from app.db import make_engine

APP_TABLES = {"events", "stock_levels", "reservations", "inbox_messages", "processed_messages"}


def _revisions() -> list[str]:
    return [m.revision for m in migrations.load_migrations()]


def test_revisions_form_a_chain():
    chain = migrations.load_migrations()
    assert chain[0].down_revision is None
    assert [m.down_revision for m in chain[1:]] == [m.revision for m in chain[:-1]]


def test_upgrade_downgrade_and_upgrade_again(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    assert migrations.upgrade(engine) == _revisions()
    assert APP_TABLES <= set(inspect(engine).get_table_names())
    assert migrations.upgrade(engine) == []

    assert migrations.downgrade(engine, "base") == _revisions()[::-1]
    assert not APP_TABLES & set(inspect(engine).get_table_names())
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == _revisions()[-1]
    engine.dispose()
