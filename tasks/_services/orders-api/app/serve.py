"""Serve the API over HTTP: `python -m uvicorn app.serve:app --port 8000`.

Used by evalrun's black-box grading (tasks/_clients/orders-api/service.toml) and for trying the
service by hand. Settings come from the environment (`Settings.from_env`), except the database:
a fresh SQLite file under $ORDERS_DATA_DIR (default ./.data) for each generation of the app.
Customers are created only by operators, so each generation is seeded with the customers and
API tokens in $ORDERS_SEED_CUSTOMERS, a JSON list of {"email", "name", "token", "is_admin"}.

`POST /__evalrun__/reset` throws the current database away and starts the app over on a newly
seeded one, so that each black-box test starts from a clean service, as each in-process test does.
"""

import dataclasses
import itertools
import json
import os
from pathlib import Path

from fastapi import FastAPI

from app import repository
from app.auth import hash_token
from app.config import Settings
from app.main import create_app

RESET_PATH = "/__evalrun__/reset"
_generations = itertools.count(1)


def build() -> FastAPI:
    data_dir = Path(os.environ.get("ORDERS_DATA_DIR", ".data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir / f"orders-{next(_generations)}.db"
    database.unlink(missing_ok=True)
    app = create_app(dataclasses.replace(Settings.from_env(), database_url=f"sqlite:///{database}"))
    with app.state.session_factory() as session:
        for seed in json.loads(os.environ.get("ORDERS_SEED_CUSTOMERS", "[]")):
            customer = repository.add_customer(session, seed["email"], seed["name"], is_admin=seed["is_admin"])
            repository.add_token(session, customer, hash_token(seed["token"]))
        session.commit()
    return app


class ResettableApp:
    """An ASGI app that serves the current generation of the API and starts a new one on reset."""

    def __init__(self) -> None:
        self.current = build()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == RESET_PATH and scope["method"] == "POST":
            previous, self.current = self.current, build()
            previous.state.engine.dispose()
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.current(scope, receive, send)


app = ResettableApp()
