"""Serve the API over HTTP: `python -m uvicorn app.serve:app --port 8000`.

Used by evalrun's black-box grading (tasks/_clients/tenants/service.toml) and for trying the
service by hand. Settings come from the environment (`Settings.from_env`), except the database:
each generation of the app runs on a fresh, migrated SQLite file under $TENANTS_DATA_DIR (default
./.data), with a manual clock that reads $TENANTS_CLOCK_START (naive UTC ISO 8601) and moves only
when told to.

Control routes (not part of the API; they drive what runs beside it in production):
- `POST /__evalrun__/reset` starts a new generation (database, cache, clock), so that each
  black-box test starts from a clean service, as each in-process test does;
- `POST /__evalrun__/clock/advance` {"seconds": n} moves the clock;
- `POST /__evalrun__/worker/run-pending` {"worker_id": ...} runs the report worker until the queue
  is empty and returns the ids of the jobs it ran, in order.
"""

import dataclasses
import itertools
import json
import os
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI

from app import migrations
from app.clock import ManualClock
from app.config import Settings
from app.db import make_engine, make_session_factory
from app.main import create_app
from app.worker import JobRunner

CONTROL_PREFIX = "/__evalrun__/"
_generations = itertools.count(1)


class Generation:
    def __init__(self) -> None:
        data_dir = Path(os.environ.get("TENANTS_DATA_DIR", ".data"))
        data_dir.mkdir(parents=True, exist_ok=True)
        database = data_dir / f"tenants-{next(_generations)}.db"
        database.unlink(missing_ok=True)
        self.settings = dataclasses.replace(
            Settings.from_env(), database_url=f"sqlite:///{database}"
        )
        self.engine = make_engine(self.settings.database_url)
        migrations.upgrade(self.engine)
        self.session_factory = make_session_factory(self.engine)
        start = os.environ.get("TENANTS_CLOCK_START", "2030-01-01T09:00:00")
        self.clock = ManualClock(datetime.fromisoformat(start))
        self.app: FastAPI = create_app(self.session_factory, self.settings, self.clock)

    def run_pending(self, worker_id: str) -> list[int]:
        runner = JobRunner(
            self.session_factory,
            clock=self.clock,
            worker_id=worker_id,
            max_attempts=self.settings.report_max_attempts,
        )
        return [job.id for job in runner.run_pending()]


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
        elif action == "worker/run-pending":
            ran = self.current.run_pending(body.get("worker_id", "worker-1"))
            await _respond(send, 200, {"ran": ran})
        else:
            await _respond(send, 404, {"code": "not_found", "detail": f"no control route {action}"})


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
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


app = ResettableApp()
