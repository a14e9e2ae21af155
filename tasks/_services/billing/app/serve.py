"""Serve the API over HTTP: `python -m uvicorn app.serve:app --port 8000`.

Used by evalrun's black-box grading (tasks/_clients/billing/service.toml) and for trying the
service by hand. Each generation of the app runs on a fresh, migrated SQLite file under
$BILLING_DATA_DIR (default ./.data) with the in-memory FakeGateway as its payment processor.

- `POST /__evalrun__/reset` throws the current database and gateway away and starts over, so that
  each black-box test starts from a clean service, as each in-process test does;
- `GET /__evalrun__/gateway` shows what the processor was asked to do (FakeGateway's record:
  charges as [charge id, cents, reference], refunds as [refund id, charge id, cents]), as a
  processor's dashboard would.
"""

import itertools
import json
import os
from pathlib import Path

from fastapi import FastAPI

from app.db import make_engine
from app.gateway import FakeGateway
from app.main import create_app
from app.migrations import upgrade

RESET_PATH = "/__evalrun__/reset"
GATEWAY_PATH = "/__evalrun__/gateway"
_generations = itertools.count(1)


class Generation:
    def __init__(self) -> None:
        data_dir = Path(os.environ.get("BILLING_DATA_DIR", ".data"))
        data_dir.mkdir(parents=True, exist_ok=True)
        database = data_dir / f"billing-{next(_generations)}.db"
        database.unlink(missing_ok=True)
        self.engine = make_engine(f"sqlite:///{database}")
        upgrade(self.engine)
        self.gateway = FakeGateway()
        self.app: FastAPI = create_app(engine=self.engine, gateway=self.gateway)


class ResettableApp:
    """An ASGI app that serves the current generation of the API and starts a new one on reset."""

    def __init__(self) -> None:
        self.current = Generation()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == RESET_PATH and scope["method"] == "POST":
            previous, self.current = self.current, Generation()
            previous.engine.dispose()
            await _respond(send, 204, b"")
        elif scope["type"] == "http" and scope["path"] == GATEWAY_PATH and scope["method"] == "GET":
            record = {"charges": self.current.gateway.charges, "refunds": self.current.gateway.refunds}
            await _respond(send, 200, json.dumps(record).encode(), b"application/json")
        else:
            await self.current.app(scope, receive, send)


async def _respond(send, status: int, body: bytes, content_type: bytes = b"text/plain") -> None:
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", content_type)]})
    await send({"type": "http.response.body", "body": body})


app = ResettableApp()
