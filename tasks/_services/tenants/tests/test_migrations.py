from sqlalchemy import inspect, text

from app import migrations

APP_TABLES = {"tenants", "users", "projects", "entries", "report_jobs", "project_tags"}


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"schema_version"}


def test_revisions_form_a_chain():
    chain = migrations.load_migrations()
    assert chain[0].revision == "0001" and chain[0].down_revision is None
    assert [m.down_revision for m in chain[1:]] == [m.revision for m in chain[:-1]]


def test_upgrade_to_head_creates_schema(engine):
    applied = migrations.upgrade(engine)
    assert applied == [m.revision for m in migrations.load_migrations()]
    assert _tables(engine) == APP_TABLES
    assert migrations.upgrade(engine) == []


def test_downgrade_to_base_and_upgrade_again(engine):
    migrations.upgrade(engine)
    migrations.downgrade(engine, "base")
    assert _tables(engine) == set()
    assert migrations.current_revision(engine) is None
    migrations.upgrade(engine)
    assert _tables(engine) == APP_TABLES


def test_upgrade_moves_tags_into_their_own_table(engine):
    migrations.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO tenants (id, slug, name, created_at) VALUES (1, 'a', 'A', '2030-01-01')"))
        conn.execute(
            text(
                "INSERT INTO projects (id, tenant_id, name, status, tags, created_at) VALUES "
                "(1, 1, 'Website', 'active', 'web, design,web', '2030-01-01'), "
                "(2, 1, 'Ops', 'active', '', '2030-01-01')"
            )
        )

    migrations.upgrade(engine)

    with engine.begin() as conn:
        rows = conn.execute(
            text("SELECT project_id, tag, position FROM project_tags ORDER BY project_id, position")
        ).all()
    assert [tuple(r) for r in rows] == [(1, "web", 0), (1, "design", 1)]
