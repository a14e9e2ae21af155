"""Sandbox: one Docker container per trial; exec / read_file / write_file / export_tree / close.

Containers run as the non-root user `agent`, with no network, CPU / memory / pids limits, all
capabilities dropped (a grading container's root supervisor keeps the few it needs to own the
tree and drop to `agent`; see `Sandbox.start(supervised=True)` and harness/data/supervise.py),
and the `evalrun` label so that `evalrun clean` finds leftovers. Each
command has a timeout (enforced inside the container by evalrun's command server,
harness/data/execd.py, which runs it in its own session and SIGKILLs the whole process group at
the deadline; the host waits SERVER_GRACE_SEC longer before it counts the server as hung) and its
output is capped; the rest is drained and counted, not kept.
"""

from __future__ import annotations

import atexit
import base64
import io
import json
import os
import struct
import sys
import tarfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import docker
import docker.errors
import requests.exceptions

from harness.images import AGENT_UID, LABEL, archive_of
from harness.tasks import Limits

DEFAULT_OUTPUT_CAP = 1 << 20  # bytes kept per command
EXECD_PATH = "/opt/evalrun/execd.py"
READY = b"READY\n"
SERVER_START_SEC = 30.0
SERVER_GRACE_SEC = 15.0  # beyond a command's own timeout, before the server counts as hung
# A supervised container's root: own and clear the tree (CHOWN, DAC_OVERRIDE, FOWNER), become
# `agent` (SETUID, SETGID), kill what `agent` left running (KILL). A process that becomes `agent`
# keeps none of them.
SUPERVISOR_CAPS = ("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETUID", "SETGID", "KILL")


class SandboxError(Exception):
    """The container or the engine failed (not the command): an infrastructure error."""


class TreeTooLarge(Exception):
    """A folder is larger than evalrun copies out of a container (the agent's doing, not the engine's)."""


# Engine failures: API errors, and a daemon that went away (requests' connection errors).
ENGINE_ERRORS = (docker.errors.DockerException, requests.exceptions.RequestException)
SESSION_ENV = "EVALRUN_SESSION"  # set: every container and network evalrun starts carries it as a label


def labels_for(run_id: str, role: str | None = None) -> dict[str, str]:
    """The labels of an evalrun container or network: evalrun, its run, its role, and the session
    (EVALRUN_SESSION, when set: the test suite names what one test left behind by it)."""
    labels = {LABEL: "1", f"{LABEL}.run": run_id}
    if role is not None:
        labels[f"{LABEL}.role"] = role
    if os.environ.get(SESSION_ENV):
        labels[f"{LABEL}.session"] = os.environ[SESSION_ENV]
    return labels


@lru_cache(maxsize=1)
def docker_client() -> docker.DockerClient:
    """One client per process. Its read timeout bounds any single exec's silence."""
    try:
        client = docker.from_env(timeout=int(os.environ.get("EVALRUN_DOCKER_TIMEOUT", "1800")))
        client.ping()
    except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
        host = os.environ.get("DOCKER_HOST", "the default socket")
        raise SandboxError(
            f"the Docker engine is not reachable at {host} ({exc}); start it, or set DOCKER_HOST"
        ) from exc
    return client


@dataclass
class ExecResult:
    exit_code: int
    output: str
    duration: float
    timed_out: bool = False
    truncated_bytes: int = 0


class ExecServerGone(Exception):
    pass


class ExecServer:
    """The host end of /opt/evalrun/execd.py: one hijacked `docker exec` socket, framed JSON."""

    def __init__(self, api, container):
        self.container = container
        try:
            exec_id = api.exec_create(container.id, ["python3", EXECD_PATH], stdin=True, user="agent", workdir="/")
            hijacked = api.exec_start(exec_id["Id"], socket=True)
        except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
            raise SandboxError(f"could not start the command server in {container.name}: {exc}") from exc
        self.socket = getattr(hijacked, "_sock", hijacked)
        self.frames = bytearray()  # raw multiplexed stream from the engine
        self.stdout = bytearray()  # demultiplexed stdout of execd
        self.stderr = bytearray()
        ready = self._read(len(READY), time.monotonic() + SERVER_START_SEC)
        if ready != READY:
            raise SandboxError(
                f"the command server in {container.name} did not start: {ready!r} {bytes(self.stderr)!r}"
            )

    def request(self, payload: dict, deadline: float) -> dict:
        body = json.dumps(payload).encode()
        try:
            self.socket.sendall(struct.pack(">I", len(body)) + body)
        except OSError as exc:
            raise ExecServerGone(f"send failed: {exc}") from exc
        size = struct.unpack(">I", self._read(4, deadline))[0]
        return json.loads(self._read(size, deadline))

    def _read(self, size: int, deadline: float) -> bytes:
        while len(self.stdout) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SandboxError(f"the command server in {self.container.name} did not answer in time")
            self.socket.settimeout(remaining)
            try:
                chunk = self.socket.recv(1 << 16)
            except TimeoutError:
                continue
            except OSError as exc:
                raise ExecServerGone(f"receive failed: {exc}") from exc
            if not chunk:
                raise ExecServerGone(f"the server exited ({bytes(self.stderr[-500:]).decode(errors='replace')})")
            self.frames += chunk
            while len(self.frames) >= 8:
                stream, length = self.frames[0], struct.unpack(">I", self.frames[4:8])[0]
                if len(self.frames) < 8 + length:
                    break
                (self.stdout if stream == 1 else self.stderr).extend(self.frames[8 : 8 + length])
                del self.frames[: 8 + length]
        data = bytes(self.stdout[:size])
        del self.stdout[:size]
        return data


class Sandbox:
    def __init__(self, container, client: docker.DockerClient):
        self.container = container
        self.client = client
        self._server: ExecServer | None = None
        self._lock = threading.Lock()

    @classmethod
    def start(
        cls,
        image: str,
        limits: Limits,
        role: str = "agent",
        run_id: str = "adhoc",
        client: docker.DockerClient | None = None,
        network: str | None = None,
        supervised: bool = False,
        mounts: dict[str, str] | None = None,
    ) -> Sandbox:
        """network: the name of a network from `internal_network` to join (default: no network at all).
        On it, the container is reachable by its name (`Sandbox.name`).

        supervised: the container's own processes run as root with SUPERVISOR_CAPS (for
        `exec_root`: a supervisor that owns files and starts commands as `agent`); everything
        started through `exec` still runs as `agent`, with no capabilities.

        mounts: host folder -> container path, bind-mounted read-only (an agent CLI's install in
        evalrun's cache, the model bridge's socket folder). The host folders must be on the engine's
        machine (a local engine)."""
        client = client or docker_client()
        name = f"evalrun-{role}-{uuid.uuid4().hex[:10]}"
        networking = {"network": network} if network else {"network_mode": "none"}
        try:
            container = client.containers.run(
                image,
                command=["sleep", "infinity"],
                name=name,
                detach=True,
                user="root" if supervised else "agent",
                working_dir="/repo",
                **networking,
                mem_limit=f"{limits.memory_mb}m",
                memswap_limit=f"{limits.memory_mb}m",
                nano_cpus=int(limits.cpus * 1e9),
                pids_limit=limits.pids,
                cap_drop=["ALL"],
                cap_add=list(SUPERVISOR_CAPS) if supervised else None,
                security_opt=["no-new-privileges"],
                init=True,
                tmpfs={"/tmp": "rw,exec,nosuid,size=1g"},
                labels=labels_for(run_id, role),
                volumes={host: {"bind": inside, "mode": "ro"} for host, inside in (mounts or {}).items()},
            )
        except ENGINE_ERRORS as exc:
            raise SandboxError(f"could not start a container from {image}: {exc}") from exc
        return cls(container, client)

    @property
    def name(self) -> str:
        return self.container.name

    def channel(self) -> Sandbox:
        """Another command channel into the same container (its own command server): a long command
        on one (an agent CLI's whole session) leaves the other free for short ones."""
        return Sandbox(self.container, self.client)

    def spawn(self, command: str, workdir: str = "/repo", env: dict[str, str] | None = None) -> None:
        """Start `bash -c command` as the agent user in the background (a server); it lives until close()."""
        try:
            exec_id = self.client.api.exec_create(
                self.container.id, ["bash", "-c", command], user="agent", workdir=workdir, environment=env or {}
            )
            self.client.api.exec_start(exec_id["Id"], detach=True)
        except ENGINE_ERRORS as exc:
            raise SandboxError(f"could not start `{command}` in {self.container.name}: {exc}") from exc

    def exec(
        self,
        command: str,
        timeout: float = 120,
        output_cap: int = DEFAULT_OUTPUT_CAP,
        workdir: str = "/repo",
        env: dict[str, str] | None = None,
    ) -> ExecResult:
        """Run `bash -c command` as the agent user; stdout and stderr interleaved. At `timeout`
        seconds (at least 1) the command's process group is killed and the result has timed_out."""
        request = {"cmd": command, "timeout": max(1.0, timeout), "cap": output_cap, "cwd": workdir, "env": env or {}}
        started = time.monotonic()
        with self._lock:
            if self._server is None:
                self._server = ExecServer(self.client.api, self.container)
            try:
                reply = self._server.request(request, deadline=time.monotonic() + timeout + SERVER_GRACE_SEC)
            except ExecServerGone as exc:
                self._server = None
                if not self.is_running():
                    raise SandboxError(f"container {self.container.name} stopped during a command: {exc}") from exc
                message = f"[the command killed evalrun's command server: {exc}]"
                return ExecResult(137, message, time.monotonic() - started)
        return ExecResult(
            exit_code=reply["exit_code"],
            output=base64.b64decode(reply["output"]).decode("utf-8", errors="replace"),
            duration=reply["duration"],
            timed_out=reply["timed_out"],
            truncated_bytes=reply["truncated"],
        )

    def exec_root(self, argv: list[str], workdir: str = "/") -> tuple[int, bytes, bytes]:
        """Run `argv` as root (a supervised container's supervisor): (exit code, stdout, stderr).

        No timeout of its own: what runs here enforces its own deadlines (the engine's read
        timeout bounds its silence)."""
        try:
            exec_id = self.client.api.exec_create(self.container.id, argv, user="root", workdir=workdir)
            stdout, stderr = self.client.api.exec_start(exec_id["Id"], demux=True)
            exit_code = self.client.api.exec_inspect(exec_id["Id"])["ExitCode"]
        except ENGINE_ERRORS as exc:
            raise SandboxError(f"could not run {argv[0]} as root in {self.container.name}: {exc}") from exc
        return exit_code, stdout or b"", stderr or b""

    # write_file / read_file / export go through the engine's archive API, which cannot reach a
    # tmpfs mount: use them outside /tmp.
    def write_file(self, path: str, content: bytes) -> None:
        directory, _, name = path.rstrip("/").rpartition("/")
        self._put(directory or "/", archive_of({name: content}, uid=AGENT_UID))

    def write_tree(self, directory: str, files: dict[str, bytes], uid: int = AGENT_UID) -> None:
        self._put(directory, archive_of(files, uid=uid))

    def replace_tree(self, files: dict[str, bytes], keep_git: bool = True, directory: str = "/repo") -> None:
        """Empty `directory` (but its .git when keep_git) and write `files` there, owned by the agent.
        (A grading container's supervisor does its own reset: harness/data/supervise.py.)"""
        keep = "! -name .git " if keep_git else ""
        clear = self.exec(f"find {directory} -mindepth 1 -maxdepth 1 {keep}-exec rm -rf {{}} +", timeout=60)
        if clear.exit_code != 0:
            raise SandboxError(f"could not empty {directory} in {self.container.name}: {clear.output[-500:]}")
        self.write_tree(directory, files)

    def _put(self, directory: str, archive: bytes) -> None:
        try:
            if not self.container.put_archive(directory, archive):
                raise SandboxError(f"could not write into {directory} of {self.container.name}")
        except ENGINE_ERRORS as exc:
            raise SandboxError(f"could not write into {directory} of {self.container.name}: {exc}") from exc

    def read_file(self, path: str) -> bytes:
        with tarfile.open(fileobj=io.BytesIO(self.export(path))) as tar:
            member = tar.next()
            if member is None or not member.isfile():
                raise FileNotFoundError(f"{path} is not a regular file in {self.container.name}")
            return tar.extractfile(member).read()

    def export(self, path: str = "/repo", max_bytes: int | None = None) -> bytes:
        """A tar archive of `path` as the engine sees it (taken from outside the agent's reach).

        max_bytes: raise TreeTooLarge rather than hold more than this in memory.
        """
        try:
            stream, _ = self.container.get_archive(path, chunk_size=1 << 20)
            chunks, total = [], 0
            for chunk in stream:
                total += len(chunk)
                if max_bytes is not None and total > max_bytes:
                    raise TreeTooLarge(
                        f"{path} in {self.container.name} is larger than {max_bytes / 2**20:g} MiB; not copied out"
                    )
                chunks.append(chunk)
            return b"".join(chunks)
        except docker.errors.NotFound as exc:
            raise FileNotFoundError(f"{path} does not exist in {self.container.name}") from exc
        except ENGINE_ERRORS as exc:
            raise SandboxError(f"could not read {path} from {self.container.name}: {exc}") from exc

    def is_running(self) -> bool:
        try:
            self.container.reload()
            return self.container.status == "running"
        except ENGINE_ERRORS:
            return False

    def close(self, wait: bool = True) -> None:
        """Remove the container, whatever state it is in (never `stop || rm`).

        wait=False: remove it on a background thread (the caller's result does not depend on it);
        wait_for_removals() blocks until those are gone and names any that could not be removed."""
        if not wait:
            with _REMOVALS_LOCK:
                _REMOVALS.append((self.container.name, _REMOVER.submit(self._remove)))
            return
        self._remove()

    def _remove(self) -> None:
        try:
            self.container.remove(force=True, v=True)
        except docker.errors.NotFound:
            pass
        except docker.errors.APIError as exc:
            if not removal_in_progress(exc):  # another caller (`clean`) is already removing it
                raise SandboxError(f"could not remove container {self.container.name}: {exc}") from exc
        except ENGINE_ERRORS as exc:  # left for `evalrun clean` and the next run of this id
            raise SandboxError(f"could not remove container {self.container.name}: {exc}") from exc

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def removal_in_progress(exc: docker.errors.APIError) -> bool:
    """The engine's 409 for a container another caller is removing at the same moment."""
    return exc.status_code == 409 and "already in progress" in str(exc.explanation or exc)


_REMOVER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="evalrun-remove")
_REMOVALS: list[tuple[str, Future]] = []
_REMOVALS_LOCK = threading.Lock()


def _join_removals() -> list[str]:
    """Wait for the background removals; the failures ("name: error")."""
    with _REMOVALS_LOCK:
        pending = list(_REMOVALS)
        _REMOVALS.clear()
    return [f"{name}: {future.exception()}" for name, future in pending if future.exception() is not None]


def wait_for_removals() -> None:
    """Block until every container given to close(wait=False) is removed. Raises SandboxError
    naming those the engine could not remove (left for `evalrun clean`)."""
    failed = _join_removals()
    if failed:
        raise SandboxError("could not remove container(s) (run `evalrun clean`): " + "; ".join(failed))


@atexit.register
def _report_failed_removals() -> None:
    try:
        wait_for_removals()
    except SandboxError as exc:
        print(f"evalrun: {exc}", file=sys.stderr)


@contextmanager
def starting(image: str, limits: Limits, **options) -> Iterator[Callable[[], Sandbox]]:
    """A container (Sandbox.start(image, limits, **options)) starting on another thread while the
    caller prepares what goes into it. Yields a function that waits for it and returns it (raising
    the start's SandboxError). The container is removed on the way out, used or not; a start that
    failed unused raises its error after the body, unless the body raised first."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evalrun-start")
    future = pool.submit(Sandbox.start, image, limits, **options)
    pool.shutdown(wait=False)
    try:
        yield future.result
    finally:
        error = future.exception()  # waits for the start to end
        if error is None:
            future.result().close(wait=False)  # the result is in hand: remove it in the background
    if error is not None:
        raise error


@contextmanager
def internal_network(run_id: str = "adhoc", client: docker.DockerClient | None = None) -> Iterator[str]:
    """A private bridge network with no route out (`--internal`), labelled like the containers.

    Yields its name, for Sandbox.start(network=...). Remove the containers on it first: the network
    is removed on the way out (on error and KeyboardInterrupt too).
    """
    client = client or docker_client()
    name = f"evalrun-net-{uuid.uuid4().hex[:10]}"
    try:
        network = client.networks.create(name, driver="bridge", internal=True, labels=labels_for(run_id))
    except ENGINE_ERRORS as exc:
        raise SandboxError(f"could not create the network {name}: {exc}") from exc
    try:
        yield name
    finally:
        try:
            network.remove()
        except docker.errors.NotFound:
            pass
        except ENGINE_ERRORS as exc:  # left for `evalrun clean`
            raise SandboxError(f"could not remove the network {name}: {exc}") from exc


def clean(run_id: str | None = None, client: docker.DockerClient | None = None) -> int:
    """Remove every container evalrun started (or those of one run), then their networks. Returns how
    many containers were removed. A container without a run label is an image build's step: it
    inherits the evalrun image's labels; see clean_build_leftovers."""
    client = client or docker_client()
    _join_removals()  # a background removal still under way; what one failed to remove is listed below
    filters = {"label": [LABEL] + ([f"{LABEL}.run={run_id}"] if run_id else [])}
    try:
        found = client.containers.list(all=True, filters=filters)
        removed = _remove_all([c for c in found if f"{LABEL}.run" in c.labels])  # not a build's step
        for network in client.networks.list(filters=filters):
            try:
                network.remove()
            except docker.errors.NotFound:
                pass
    except ENGINE_ERRORS as exc:
        raise SandboxError(f"could not remove evalrun containers: {exc}") from exc
    return removed


def clean_build_leftovers(client: docker.DockerClient | None = None) -> int:
    """Remove the exited steps of failed image builds that the engine kept (made from an evalrun
    image, so labelled evalrun, but with no run label). A running one is a build under way, left alone.
    Returns how many were removed."""
    client = client or docker_client()
    stopped = {"label": LABEL, "status": ["exited", "created", "dead"]}
    try:
        found = client.containers.list(all=True, filters=stopped)
        return _remove_all([c for c in found if f"{LABEL}.run" not in c.labels])
    except ENGINE_ERRORS as exc:
        raise SandboxError(f"could not remove image-build leftovers: {exc}") from exc


def _remove_all(containers: list) -> int:
    """Force-remove each container; how many were removed (one already gone, or being removed by
    another caller, is not counted). Raises the engine's other errors."""
    removed = 0
    for container in containers:
        try:
            container.remove(force=True, v=True)
            removed += 1
        except docker.errors.NotFound:
            pass
        except docker.errors.APIError as exc:
            if not removal_in_progress(exc):
                raise
    return removed
