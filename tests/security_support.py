"""Shared helpers of the security suite (tests/test_security_*.py): scripted agents, a copy of the
fixture task with tight limits, crafted patches, a misbehaving OpenAI-compatible server and a
Docker engine proxy that can be taken down."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

from fake_http import FakeHTTPServer

from harness.images import ImageBuilder
from harness.patches import diff_trees
from harness.prompts import make_condition
from harness.results import read_records, run_dir
from harness.runner import Runner, RunSpec, make_config, prepare_run_dir
from harness.sandbox import docker_client
from harness.tasks import Task, load_task
from harness.trajectory import Trajectory

FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
ROOT = Path(__file__).resolve().parent.parent
TASK_ID = "mini-discount"
HIDDEN_ID = "tests/test_hidden_rounding.py::test_half_cent_rounds_up"
FIX = "sed -i 's/ROUND_DOWN/ROUND_HALF_UP/g' app/pricing.py"
# Tight limits so that hostile commands are contained quickly (the image does not depend on them).
TIGHT_LIMITS = """
[limits]
max_steps = 20
command_timeout_sec = 8
test_timeout_sec = 60
memory_mb = 256
pids = 64
"""


def bash(command: str) -> str:
    return f"```bash\n{command}\n```"


def script(*commands: str, report: str = "Done.") -> list[str]:
    """A replay script: one reply per command, then the final report."""
    return [bash(c) for c in commands] + [report]


def write_replay(folder: Path, name: str, responses: list[str], latency: float = 0.0) -> str:
    path = Path(folder) / f"{name}.json"
    path.write_text(json.dumps({"responses": responses, "latency_sec": latency}))
    return f"replay/{path}"


def tight_tasks(root: Path) -> Path:
    """A copy of the fixture tasks whose mini-discount task has TIGHT_LIMITS."""
    if not (root / TASK_ID).exists():
        shutil.copytree(FIXTURES, root)
        toml = root / TASK_ID / "task.toml"
        text = toml.read_text()
        toml.write_text(text[: text.index("[limits]")] + TIGHT_LIMITS.lstrip())
    return root


def conftest_imports_app_tasks(root: Path) -> Path:
    """A copy of the fixture tasks whose visible tests/conftest.py imports the app at collection, as the
    conftests of the real services do (so the app's code runs before any test module is collected)."""
    if not (root / TASK_ID).exists():
        shutil.copytree(FIXTURES, root)
        (root / "_services" / "mini" / "tests" / "conftest.py").write_text("import app.pricing  # noqa: F401\n")
    return root


def task_and_image(tasks_root: Path = FIXTURES) -> tuple[Task, str]:
    task = load_task(tasks_root / TASK_ID)
    return task, ImageBuilder(docker_client(), log=lambda _: None).ensure_task(task)


def run_trial(task: Task, image: str, folder: Path, model: str, run_id: str) -> dict:
    """One trial of `model` on `task` through the runner (as the CLI runs it); returns its record."""
    spec = RunSpec(run_id, model, make_condition(False, None, False))
    results = run_dir(run_id, folder)
    runner = Runner(spec, [task], {task.id: image}, results)
    prepare_run_dir(results, make_config(spec, [task], runner.prompts))
    runner.run()
    [record] = read_records(results)
    return record


def run_scripts(
    task: Task, image: str, folder: Path, scripts: dict[str, list[str]], workers: int = 2
) -> dict[str, dict]:
    """Run several scripted agents (one run each, `workers` at a time); name -> record."""
    from concurrent.futures import ThreadPoolExecutor

    def one(name: str) -> tuple[str, dict]:
        model = write_replay(folder, name, scripts[name])
        return name, run_trial(task, image, folder / "results", model, f"sec-{name}")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(one, scripts))


def load_trajectory(results: Path, record: dict) -> Trajectory:
    return Trajectory.load(Path(results) / record["paths"]["trajectory"])


def make_patch(task: Task, tmp: Path, edits: dict[str, str | bytes | None], links: dict[str, str] | None = None) -> str:
    """The patch an agent would leave: the buggy repo with `edits` (None deletes) and `links` (symlinks)."""
    original = task.materialize(Path(tmp) / "original")
    changed = task.materialize(Path(tmp) / "changed")
    for rel, content in edits.items():
        target = changed / rel
        if content is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    for rel, link in (links or {}).items():
        (changed / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(link, changed / rel)
    return diff_trees(original, changed)


def containers_of(label: str) -> list:
    return docker_client().containers.list(all=True, filters={"label": f"evalrun.run={label}"})


def wait_for(condition: Callable[[], object], timeout: float, what: str, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


# --- a misbehaving OpenAI-compatible server --------------------------------------------------


class ModelServer(FakeHTTPServer):
    """Chat completions from a script; `mode` makes it fail: 429, 500, malformed, hang, echo-key.

    Every request is recorded (path, headers, body). The reply to a request is the scripted reply
    number N, where N is the number of assistant messages in the conversation.
    """

    def __init__(self, replies: list[str] | None = None, mode: str = "ok"):
        self.replies, self.mode = list(replies or []), mode
        self.plan: list[str] = []  # modes for the next requests, before `mode` applies again
        self.requests: list[dict] = []
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}/v1"

    def respond(self, path: str, headers: dict, raw: bytes) -> dict:
        self.requests.append({"path": path, "headers": headers, "body": raw})
        mode = self.plan.pop(0) if self.plan else self.mode
        if mode == "429":
            return {"status": 429, "body": {"error": {"message": "rate limited"}}}
        if mode == "500":
            return {"status": 500, "body": {"error": {"message": "internal error"}}}
        if mode == "malformed":
            return {"body": b'{"id": "x", "choices": [ {"message": '}
        if mode == "hang":  # never answer (until the test ends)
            return {"delay": 60, "silent": True}
        if mode == "echo-key":  # a server that echoes the request's credentials in its error
            message = f"invalid request from {headers.get('authorization', '')}"
            return {"status": 500, "body": {"error": {"message": message}}}
        messages = json.loads(raw)["messages"]
        turn = sum(1 for m in messages if m.get("role") == "assistant")
        text = self.replies[turn] if turn < len(self.replies) else "Done."
        body = {
            "id": f"chatcmpl-{turn}",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }
        return {"body": body}


# --- a Docker engine that goes away ---------------------------------------------------------


def engine_address() -> tuple[int, object]:
    """(address family, address) of the Docker engine this process uses."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if host.startswith("unix://"):
        return socket.AF_UNIX, host[len("unix://") :]
    if host.startswith("tcp://"):
        name, _, port = host[len("tcp://") :].rpartition(":")
        return socket.AF_INET, (name, int(port))
    raise RuntimeError(f"unsupported DOCKER_HOST {host!r}")


class EngineProxy:
    """A unix socket that relays to the Docker engine. down() cuts every connection and refuses new
    ones (the engine "restarts"); up() relays again."""

    def __init__(self, path: Path):
        self.path = str(path)
        self.family, self.target = engine_address()
        self.available = threading.Event()
        self.available.set()
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.path)
        self.listener.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"unix://{self.path}"

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.available.is_set():
                client.close()
                continue
            try:
                upstream = socket.socket(self.family, socket.SOCK_STREAM)
                upstream.connect(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket):
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def down(self):
        self.available.clear()
        with self.lock:
            connections, self.connections = self.connections, []
        for sock in connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass

    def up(self):
        self.available.set()

    def close(self):
        self.down()
        self.listener.close()


# --- searching outputs for a secret ---------------------------------------------------------


def files_containing(root: Path, needle: bytes) -> list[str]:
    """Every file under root whose bytes contain needle (hidden files included)."""
    hits = []
    for path in Path(root).rglob("*"):
        if path.is_file() and not path.is_symlink() and needle in path.read_bytes():
            hits.append(str(path))
    return hits
