"""The host side of the model bridge: an agent CLI's model calls, answered by evalrun.

A CLI inside a task container (no network) talks HTTP to 127.0.0.1:<port>; the in-container relay
(harness/data/relay.py) pumps those bytes to a Unix socket that evalrun serves here, from a host
folder bind-mounted read-only into the container. Each request is

    admitted (the agent's budget: steps, time, cost)  ->  noted (`before`, e.g. a snapshot of the
    tree the CLI's last tools left)  ->  answered by the --model provider with the real key
    (never sent into the container)  ->  recorded (a ModelCall: request, response, usage, latency)

The wire format here is Anthropic Messages (Claude Code): the provider is called without streaming
and the complete message goes back as a well-formed SSE stream when the CLI asked for one. A
refused request (over budget, or the provider gave up) is answered with a non-retryable 400 error
that ends the CLI's session; the bridge keeps why (`ended`, `error`).
"""

from __future__ import annotations

import json
import os
import shutil
import socketserver
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from harness.agents.base import Budget
from harness.agents.bash import snapshot
from harness.models import ModelConfigError, ModelUnavailableError
from harness.sandbox import Sandbox
from harness.trajectory import COST_LIMIT, INFRA_ERROR, STEP_LIMIT, TIME_LIMIT, Usage

SOCKET_NAME = "model.sock"
MESSAGES_PATH = "/v1/messages"


@dataclass
class ModelCall:
    index: int
    path: str
    request: dict
    response: dict | None = None
    status: int = 200
    error: str | None = None
    usage: Usage = field(default_factory=Usage)
    latency_sec: float = 0.0  # the provider's, retries included
    bridge_sec: float = 0.0  # the whole request inside the bridge (admit, before, provider, encoding)
    started_at: float = 0.0


class Refused(Exception):
    """A request the bridge will not forward: its exit status for the episode and the CLI's message."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status


def sse(message: dict) -> bytes:
    """A complete Messages-API message as the event stream the API sends with stream=true."""
    events = []

    def event(name: str, data: dict) -> None:
        events.append(f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n")

    usage = dict(message.get("usage") or {})
    start = {**message, "content": [], "stop_reason": None, "stop_sequence": None}
    start["usage"] = {**usage, "output_tokens": 0}
    event("message_start", {"type": "message_start", "message": start})
    for index, block in enumerate(message.get("content") or []):
        kind = block.get("type")
        if kind == "text":
            event(
                "content_block_start",
                {"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
            )
            delta = {"type": "text_delta", "text": block.get("text", "")}
        elif kind == "tool_use":
            empty = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
            event("content_block_start", {"type": "content_block_start", "index": index, "content_block": empty})
            delta = {"type": "input_json_delta", "partial_json": json.dumps(block.get("input") or {})}
        elif kind == "thinking":
            event(
                "content_block_start",
                {
                    "type": "content_block_start",
                    "index": index,
                    "content_block": {"type": "thinking", "thinking": "", "signature": ""},
                },
            )
            event(
                "content_block_delta",
                {
                    "type": "content_block_delta",
                    "index": index,
                    "delta": {"type": "thinking_delta", "thinking": block.get("thinking", "")},
                },
            )
            delta = {"type": "signature_delta", "signature": block.get("signature", "")}
        else:  # redacted_thinking and blocks without deltas arrive whole in their start event
            event("content_block_start", {"type": "content_block_start", "index": index, "content_block": block})
            delta = None
        if delta is not None:
            event("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})
        event("content_block_stop", {"type": "content_block_stop", "index": index})
    event(
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": message.get("stop_reason"), "stop_sequence": message.get("stop_sequence")},
            "usage": {"output_tokens": usage.get("output_tokens", 0)},
        },
    )
    event("message_stop", {"type": "message_stop"})
    return "".join(events).encode()


def error_body(message: str, kind: str = "invalid_request_error") -> dict:
    return {"type": "error", "error": {"type": kind, "message": message}}


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A CLI that hung up before its answer was written (killed at the trial's time limit, its
        container removed) is not the bridge's error: its trial already ended. Anything else is
        printed as socketserver does."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class MessagesBridge:
    """Serves Anthropic Messages on `<folder>/model.sock` for one trial.

    relay(body, headers) -> (message dict, Usage, provider latency): the provider call.
    admit() raises Refused when the budget is spent. before() runs first in every admitted request.
    on_call(call) after each request (to save the trajectory).

    Another wire format is a subclass that sets `path`, `refusal_status`, `error_body` (the
    format's error JSON) and `stream` (a complete reply as that format's event stream), or
    overrides `encode` (the whole reply: harness/agents/responses.py)."""

    path = MESSAGES_PATH  # the one path served
    refusal_status = 400  # non-retryable for Claude Code
    error_body = staticmethod(error_body)
    stream = staticmethod(sse)

    def __init__(
        self,
        relay: Callable[[dict, dict], tuple[dict, Usage, float]],
        admit: Callable[[], None] = lambda: None,
        before: Callable[[], None] = lambda: None,
        on_call: Callable[[ModelCall], None] = lambda call: None,
    ):
        self.relay, self.admit, self.before, self.on_call = relay, admit, before, on_call
        self.folder = Path(tempfile.mkdtemp(prefix="evalrun-bridge-"))
        os.chmod(self.folder, 0o755)
        self.calls: list[ModelCall] = []
        self.ended: str | None = None  # an exit status the bridge imposed (a limit, an infra error)
        self.error: str | None = None
        self.fatal: ModelConfigError | None = None  # re-raised by the agent: the run must stop
        self.lock = threading.Lock()
        self.closed = False
        bridge = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def address_string(self):
                return "relay"

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                status, content_type, data = bridge.handle(self.path, dict(self.headers.items()), raw)
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self.do_POST()

            do_HEAD = do_GET

        self.server = _Server(str(self.folder / SOCKET_NAME), Handler)
        os.chmod(self.folder / SOCKET_NAME, 0o666)  # the container's user `agent` connects to it
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def handle(self, path: str, headers: dict, raw: bytes) -> tuple[int, str, bytes]:
        started, wall = time.monotonic(), time.time()
        route = path.split("?", 1)[0]
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"unparsed": raw[:2000].decode(errors="replace")}
        with self.lock:
            call = ModelCall(len(self.calls), route, body, started_at=wall)
            if route != self.path:
                call.status, call.error = 404, f"evalrun's bridge serves only POST {self.path}"
                reply = (404, "application/json", json.dumps(self.error_body(call.error, "not_found_error")).encode())
            else:
                reply = self._messages(call, body, headers)
            call.bridge_sec = time.monotonic() - started
            self.calls.append(call)
        self.on_call(call)
        return reply

    def _messages(self, call: ModelCall, body: dict, headers: dict) -> tuple[int, str, bytes]:
        try:
            if self.ended is not None:
                raise Refused(self.ended, f"evalrun ended this session ({self.ended})")
            self.admit()
            self.before()
            message, call.usage, call.latency_sec = self.relay(body, headers)
        except Refused as refusal:
            self.ended = self.ended or refusal.status
            call.status, call.error = self.refusal_status, str(refusal)
            return self._refusal(str(refusal))
        except ModelConfigError as exc:
            self.fatal, self.ended, self.error = exc, INFRA_ERROR, str(exc)
            call.status, call.error = self.refusal_status, f"ModelConfigError: {exc}"
            return self._refusal("evalrun: the model is misconfigured")
        except ModelUnavailableError as exc:
            self.ended, self.error = INFRA_ERROR, f"{type(exc).__name__}: {exc}"
            call.status, call.error = self.refusal_status, self.error
            return self._refusal("evalrun: the model provider failed")
        call.response = message
        content_type, data = self.encode(message, body)
        return 200, content_type, data

    def encode(self, message: dict, body: dict) -> tuple[str, bytes]:
        """The provider's reply as the CLI asked for it (streamed or not): content type and bytes."""
        if body.get("stream"):
            return "text/event-stream", self.stream(message)
        return "application/json", json.dumps(message).encode()

    def _refusal(self, message: str) -> tuple[int, str, bytes]:
        return self.refusal_status, "application/json", json.dumps(self.error_body(message)).encode()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)


def append_call(path: Path, call: ModelCall) -> None:
    """One model call as a line of the trial's model_calls.jsonl."""
    with open(path, "a") as handle:
        record = {**call.__dict__, "usage": call.usage.__dict__}
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


class CallWatch:
    """What every bridged CLI agent hooks into its bridge for one trial: each request admitted against
    the trial's budget (model calls count as steps; time from `started`, a time.monotonic(); cost),
    the repository snapshotted before each admitted request so that `changes` maps an answered call's
    index to the files its tools changed, and each call appended to `calls_file`."""

    def __init__(self, bridge: MessagesBridge, box: Sandbox, budget: Budget, started: float, calls_file: Path):
        self.bridge, self.box, self.budget, self.started = bridge, box, budget, started
        self.tree = snapshot(box)
        self.changes: dict[int, list[str]] = {}
        bridge.admit, bridge.before = self.admit, self.before
        bridge.on_call = lambda call: append_call(calls_file, call)

    def admit(self) -> None:
        calls, budget = self.bridge.calls, self.budget
        admitted = sum(1 for call in calls if call.response is not None)
        if admitted >= budget.max_steps:
            raise Refused(STEP_LIMIT, f"evalrun: the step limit ({budget.max_steps} model calls) is reached")
        if time.monotonic() - self.started >= budget.time_limit_sec:
            raise Refused(TIME_LIMIT, "evalrun: the time limit is reached")
        cost = sum((call.usage for call in calls), Usage()).cost_usd
        if budget.cost_limit_usd is not None and cost is not None and cost >= budget.cost_limit_usd:
            raise Refused(COST_LIMIT, "evalrun: the cost limit is reached")

    def before(self) -> None:
        """The tree as the tools of the last answered model call left it (call it once more at the end)."""
        after = snapshot(self.box)
        changed = [p for p in sorted(set(self.tree) | set(after)) if self.tree.get(p) != after.get(p)]
        answered = [index for index, call in enumerate(self.bridge.calls) if call.response is not None]
        if answered:
            self.changes.setdefault(answered[-1], []).extend(changed)
        self.tree = after
