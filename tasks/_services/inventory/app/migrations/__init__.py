"""Schema migrations.

Each module in `versions/` is one revision with `revision`, `down_revision`, `upgrade(conn)` and
`downgrade(conn)`. Revisions apply in order, each in its own transaction, and the current
revision is kept in the `schema_version` table. Run them with `python -m app.migrations`.
"""

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType

from sqlalchemy import Connection, Engine, text

from app.migrations import versions

HEAD = "head"
BASE = "base"


@dataclass(frozen=True)
class Migration:
    revision: str
    down_revision: str | None
    module: ModuleType


def load_migrations() -> list[Migration]:
    """All revisions in apply order; fails loudly if the down_revision chain is broken."""
    names = sorted(info.name for info in pkgutil.iter_modules(versions.__path__))
    chain: list[Migration] = []
    for name in names:
        module = importlib.import_module(f"{versions.__name__}.{name}")
        migration = Migration(module.revision, module.down_revision, module)
        expected_parent = chain[-1].revision if chain else None
        if migration.down_revision != expected_parent:
            raise RuntimeError(
                f"migration {name} has down_revision {migration.down_revision!r}, "
                f"expected {expected_parent!r}"
            )
        chain.append(migration)
    return chain


def _ensure_version_table(conn: Connection) -> None:
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS schema_version (revision TEXT NOT NULL)")


def _read_revision(conn: Connection) -> str | None:
    _ensure_version_table(conn)
    return conn.execute(text("SELECT revision FROM schema_version")).scalar_one_or_none()


def _write_revision(conn: Connection, revision: str | None) -> None:
    conn.exec_driver_sql("DELETE FROM schema_version")
    if revision is not None:
        conn.execute(text("INSERT INTO schema_version (revision) VALUES (:r)"), {"r": revision})


def current_revision(engine: Engine) -> str | None:
    with engine.begin() as conn:
        return _read_revision(conn)


def _index_of(chain: list[Migration], revision: str | None) -> int:
    """Position of `revision` in the chain; -1 for an empty (base) database."""
    if revision is None:
        return -1
    for position, migration in enumerate(chain):
        if migration.revision == revision:
            return position
    raise ValueError(f"unknown revision {revision!r}")


def upgrade(engine: Engine, target: str = HEAD) -> list[str]:
    """Apply revisions up to and including `target`; returns the revisions applied."""
    chain = load_migrations()
    start = _index_of(chain, current_revision(engine))
    stop = len(chain) - 1 if target == HEAD else _index_of(chain, target)
    if stop < start:
        raise ValueError(f"target {target!r} is below the current revision; use downgrade")
    applied = []
    for migration in chain[start + 1 : stop + 1]:
        with engine.begin() as conn:
            migration.module.upgrade(conn)
            _write_revision(conn, migration.revision)
        applied.append(migration.revision)
    return applied


def downgrade(engine: Engine, target: str) -> list[str]:
    """Revert revisions above `target` (a revision, or "base" for an empty schema)."""
    chain = load_migrations()
    start = _index_of(chain, current_revision(engine))
    stop = -1 if target == BASE else _index_of(chain, target)
    if stop > start:
        raise ValueError(f"target {target!r} is above the current revision; use upgrade")
    reverted = []
    for position in range(start, stop, -1):
        migration = chain[position]
        with engine.begin() as conn:
            migration.module.downgrade(conn)
            _write_revision(conn, migration.down_revision)
        reverted.append(migration.revision)
    return reverted
