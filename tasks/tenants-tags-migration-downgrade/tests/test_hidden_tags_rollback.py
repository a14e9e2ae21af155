"""Revision 0003 must be reversible with its data: downgrade rebuilds projects.tags exactly."""

from sqlalchemy import text

from app import migrations
from app.db import make_engine


def _schema(engine) -> dict:
    """Columns (in any order), foreign keys and indexes of every application table."""
    schema = {}
    with engine.begin() as conn:
        tables = conn.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'schema_version' ORDER BY name"
            )
        ).scalars()
        for table in list(tables):
            columns = sorted(
                (r.name, r.type.upper(), r.notnull, r.dflt_value, r.pk)
                for r in conn.execute(text(f"PRAGMA table_info('{table}')"))
            )
            foreign_keys = sorted(
                (r.table, r._mapping["from"], r._mapping["to"])
                for r in conn.execute(text(f"PRAGMA foreign_key_list('{table}')"))
            )
            indexes = sorted(
                (r.unique, r.origin, tuple(c.name for c in conn.execute(text(f"PRAGMA index_info('{r.name}')"))))
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


def _seed(client, sign_up, make_project):
    """Projects created at head: tags in a non-alphabetical order, one edited, one untagged."""
    acme = sign_up("acme")
    globex = sign_up("globex")
    website = make_project(acme, "Website", ["web", "design", "client"])
    ops = make_project(acme, "Ops")
    app_project = make_project(globex, "App", ["mobile"])
    response = client.patch(
        f"/projects/{app_project['id']}", json={"tags": ["urgent", "mobile", "beta"]}, headers=globex.headers
    )
    assert response.status_code == 200, response.text
    return acme, globex, {"website": website["id"], "ops": ops["id"], "app": app_project["id"]}


def _legacy_tags(engine) -> dict:
    with engine.begin() as conn:
        return dict(conn.execute(text("SELECT id, tags FROM projects ORDER BY id")).all())


def test_downgrade_rebuilds_the_tags_column(engine, client, sign_up, make_project):
    _, _, ids = _seed(client, sign_up, make_project)

    migrations.downgrade(engine, "0002")

    assert migrations.current_revision(engine) == "0002"
    assert _legacy_tags(engine) == {
        ids["website"]: "web,design,client",
        ids["ops"]: "",
        ids["app"]: "urgent,mobile,beta",
    }


def test_downgrade_restores_the_0002_schema(engine, client, sign_up, make_project, tmp_path):
    _seed(client, sign_up, make_project)

    migrations.downgrade(engine, "0002")

    assert _schema(engine) == _fresh_schema(tmp_path, "0002")


def test_rollback_drill_keeps_tags(engine, client, sign_up, make_project, tmp_path):
    acme, globex, ids = _seed(client, sign_up, make_project)
    before = {
        account.email: client.get("/projects", headers=account.headers).json() for account in (acme, globex)
    }

    migrations.downgrade(engine, "0002")
    migrations.upgrade(engine)

    assert _schema(engine) == _fresh_schema(tmp_path, "head")
    after = {
        account.email: client.get("/projects", headers=account.headers).json() for account in (acme, globex)
    }
    assert after == before
    tagged = client.get("/projects", params={"tag": "design"}, headers=acme.headers).json()
    assert [p["id"] for p in tagged] == [ids["website"]]
