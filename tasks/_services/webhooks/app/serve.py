"""Serve the API over HTTP: `python -m uvicorn app.serve:app --port 8000`.

Used by evalrun's black-box grading (tasks/_clients/webhooks/service.toml) and for trying the
service by hand. Settings come from the environment (`Settings.from_env`: PAYGATE_WEBHOOK_SECRET
is required), except the database: a fresh SQLite file under $WEBHOOKS_DATA_DIR (default ./.data)
for each generation of the app.

`POST /__evalrun__/reset` throws the current database away and starts the app over on an empty one,
so that each black-box test starts from a clean service, as each in-process test does.
"""

import dataclasses
import itertools
import os
from pathlib import Path

from fastapi import FastAPI

from app.config import Settings
from app.main import create_app

RESET_PATH = "/__evalrun__/reset"
_generations = itertools.count(1)


def build() -> FastAPI:
    data_dir = Path(os.environ.get("WEBHOOKS_DATA_DIR", ".data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir / f"webhooks-{next(_generations)}.db"
    database.unlink(missing_ok=True)
    return create_app(dataclasses.replace(Settings.from_env(), database_url=f"sqlite:///{database}"))


class ResettableApp:
    """An ASGI app that serves the current generation of the API and starts a new one on reset."""

    def __init__(self) -> None:
        self.current = build()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == RESET_PATH and scope["method"] == "POST":
            previous, self.current = self.current, build()
            previous.state.sessionmaker.kw["bind"].dispose()
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.current(scope, receive, send)


app = ResettableApp()
