from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


SessionFactory = sessionmaker[Session]


def make_engine(url: str) -> Engine:
    # Workers and the API share one SQLite file; writers wait on each other's locks
    # instead of failing straight away with "database is locked".
    return create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})


def make_session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(bind=engine, expire_on_commit=False)


def init_db(engine: Engine) -> None:
    from app import models  # noqa: F401  (registers the tables on Base.metadata)

    Base.metadata.create_all(engine)
