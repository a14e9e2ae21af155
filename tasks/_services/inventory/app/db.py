"""Engine setup. The API, the consumer and the tools share one SQLite file."""

from sqlalchemy import Engine, create_engine, event


def make_engine(url: str) -> Engine:
    # Writers wait for each other's locks (up to 15 s) instead of failing with "database is locked".
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine
