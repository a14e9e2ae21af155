"""Serve the admin API over HTTP: `python -m uvicorn app.serve:app --port 8000`.

Used by evalrun's black-box grading (tasks/_clients/jobs/service.toml) and for trying the service
by hand. Each generation of the app runs on a fresh SQLite file under $JOBS_DATA_DIR (default
./.data), with the admin token $JOBS_ADMIN_TOKEN, a manual clock that starts at $JOBS_CLOCK_START
(naive UTC ISO 8601) and moves only when told to, and in-memory payment and mail gateways that
record what they were asked to do.

Control routes (not part of the admin API; they drive what runs beside it in production):
- `POST /__evalrun__/reset` starts a new generation (database, clock, gateways), so that each
  black-box test starts from a clean service, as each in-process test does;
- `POST /__evalrun__/clock/advance` {"seconds": n} moves the clock;
- `POST /__evalrun__/worker/run-once` {"worker_id": ...} runs one `Worker.run_once()` and
  returns the job it ran in its final state (the admin API's job shape), or null.
"""

import itertools
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from app.clock import ManualClock
from app.db import init_db, make_engine, make_session_factory
from app.gateways import Charge
from app.handlers import build_registry
from app.main import create_app
from app.schemas import JobOut
from app.worker import Worker

CONTROL_PREFIX = "/__evalrun__/"
_generations = itertools.count(1)


class RecordingPayments:
    """Behaves like the provider: a repeated idempotency key returns the original charge."""

    def __init__(self) -> None:
        self.charges: dict[str, Charge] = {}

    def charge(self, *, customer_id: str, amount_cents: int, currency: str, idempotency_key: str) -> Charge:
        if idempotency_key not in self.charges:
            charge_id = f"ch_{len(self.charges) + 1}"
            self.charges[idempotency_key] = Charge(charge_id, customer_id, amount_cents, currency)
        return self.charges[idempotency_key]


class RecordingMailer:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, *, to: str, template: str, data: dict[str, Any]) -> None:
        self.sent.append({"to": to, "template": template, "data": data})


class Generation:
    def __init__(self) -> None:
        data_dir = Path(os.environ.get("JOBS_DATA_DIR", ".data"))
        data_dir.mkdir(parents=True, exist_ok=True)
        database = data_dir / f"jobs-{next(_generations)}.db"
        database.unlink(missing_ok=True)
        self.engine = make_engine(f"sqlite:///{database}")
        init_db(self.engine)
        self.session_factory = make_session_factory(self.engine)
        self.clock = ManualClock(datetime.fromisoformat(os.environ["JOBS_CLOCK_START"]))
        self.registry = build_registry(RecordingPayments(), RecordingMailer())
        self.app: FastAPI = create_app(
            session_factory=self.session_factory,
            registry=self.registry,
            clock=self.clock,
            admin_token=os.environ["JOBS_ADMIN_TOKEN"],
        )

    def run_worker_once(self, worker_id: str) -> dict | None:
        worker = Worker(self.session_factory, self.registry, clock=self.clock, worker_id=worker_id)
        job = worker.run_once()
        return None if job is None else JobOut.model_validate(job).model_dump(mode="json")


class ResettableApp:
    """An ASGI app that serves the current generation of the API and answers the control routes."""

    def __init__(self) -> None:
        self.current = Generation()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(CONTROL_PREFIX) or scope["method"] != "POST":
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
        elif action == "worker/run-once":
            await _respond(send, 200, self.current.run_worker_once(body.get("worker_id", "worker-1")))
        else:
            await _respond(send, 404, {"error": {"code": "not_found", "message": f"no control route {action}"}})


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
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


app = ResettableApp()
