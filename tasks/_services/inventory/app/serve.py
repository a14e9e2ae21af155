"""Serve the API over HTTP: `python -m uvicorn app.serve:app --port 8000`.

Used by evalrun's black-box grading (tasks/_clients/inventory/service.toml) and for trying the
service by hand. Each generation of the app runs on a fresh, fully migrated SQLite file under
$INVENTORY_DATA_DIR (default ./.data), with the API keys of $INVENTORY_API_KEYS
(`key=name:role,...`) and a manual clock that starts at $INVENTORY_CLOCK_START (naive UTC ISO
8601) and moves only when told to.

Control routes (not part of the API; they drive what runs beside it in production):
- `POST /__evalrun__/reset` starts a new generation (database, clock), so that each black-box test
  starts from a clean service, as each in-process test does;
- `POST /__evalrun__/clock/advance` {"seconds": n} moves the clock;
- `POST /__evalrun__/consumer/drain` runs the consumer until nothing is due (at most 100 tries):
  {"tries": n};
- `POST /__evalrun__/reservations/expire` runs the expiry sweep: {"expired": n}.
"""

import itertools
import json
import os
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI

from app import migrations, services
from app.auth import parse_api_keys
from app.clock import ManualClock
from app.consumer import Consumer
from app.db import make_engine
from app.api import create_app
from app.unit_of_work import run_in_transaction

CONTROL_PREFIX = "/__evalrun__/"
_generations = itertools.count(1)


class Generation:
    def __init__(self) -> None:
        data_dir = Path(os.environ.get("INVENTORY_DATA_DIR", ".data"))
        data_dir.mkdir(parents=True, exist_ok=True)
        database = data_dir / f"inventory-{next(_generations)}.db"
        database.unlink(missing_ok=True)
        self.engine = make_engine(f"sqlite:///{database}")
        migrations.upgrade(self.engine)
        self.clock = ManualClock(datetime.fromisoformat(os.environ["INVENTORY_CLOCK_START"]))
        self.consumer = Consumer(self.engine, self.clock)
        self.app: FastAPI = create_app(
            engine=self.engine, clock=self.clock, api_keys=parse_api_keys(os.environ["INVENTORY_API_KEYS"])
        )

    def expire_reservations(self) -> int:
        return run_in_transaction(
            self.engine, lambda conn: services.expire_due_reservations(conn, now=self.clock.now())
        )


class ResettableApp:
    """An ASGI app that serves the current generation of the API and answers the control routes."""

    def __init__(self) -> None:
        self.current = Generation()

    async def __call__(self, scope, receive, send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].startswith(CONTROL_PREFIX)
            or scope["method"] != "POST"
        ):
            await self.current.app(scope, receive, send)
            return
        body = await _read_body(receive)
        action = scope["path"][len(CONTROL_PREFIX) :]
        if action == "reset":
            previous, self.current = self.current, Generation()
            previous.engine.dispose()
            await _respond(send, 204, None)
        elif action == "clock/advance":
            now = self.current.clock.advance(float(body["seconds"]))
            await _respond(send, 200, {"now": now.isoformat()})
        elif action == "consumer/drain":
            await _respond(send, 200, {"tries": self.current.consumer.drain(limit=100)})
        elif action == "reservations/expire":
            await _respond(send, 200, {"expired": self.current.expire_reservations()})
        else:
            await _respond(
                send, 404, {"error": {"code": "not_found", "message": f"no control route {action}"}}
            )


async def _read_body(receive) -> dict:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    raw = b"".join(chunks)
    return json.loads(raw) if raw else {}


async def _respond(send, status: int, payload) -> None:
    body = b"" if status == 204 else json.dumps(payload).encode()
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": body})


app = ResettableApp()
