"""Sandbox: one Docker container per trial; exec / read_file / write_file / export_tree / close.

Containers run as the non-root user `agent`, with no network, CPU / memory / pids limits, all
capabilities dropped, and the `evalrun` label so that `evalrun clean` finds leftovers. Each
command has a timeout (enforced inside the container by coreutils `timeout`, which kills the
whole process group) and its output is capped; the rest is drained and counted, not kept.
"""

from __future__ import annotations

import io
import os
import tarfile
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache

import docker
import docker.errors
import requests.exceptions

from harness.images import AGENT_UID, LABEL, archive_of
from harness.tasks import Limits

DEFAULT_OUTPUT_CAP = 1 << 20  # bytes kept per command
TIMEOUT_EXIT_CODES = (124, 137)


class SandboxError(Exception):
    """The container or the engine failed (not the command): an infrastructure error."""


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


class Sandbox:
    def __init__(self, container, client: docker.DockerClient):
        self.container = container
        self.client = client

    @classmethod
    def start(
        cls,
        image: str,
        limits: Limits,
        role: str = "agent",
        run_id: str = "adhoc",
        client: docker.DockerClient | None = None,
    ) -> Sandbox:
        client = client or docker_client()
        name = f"evalrun-{role}-{uuid.uuid4().hex[:10]}"
        try:
            container = client.containers.run(
                image,
                command=["sleep", "infinity"],
                name=name,
                detach=True,
                user="agent",
                working_dir="/repo",
                network_mode="none",
                mem_limit=f"{limits.memory_mb}m",
                memswap_limit=f"{limits.memory_mb}m",
                nano_cpus=int(limits.cpus * 1e9),
                pids_limit=limits.pids,
                cap_drop=["ALL"],
                security_opt=["no-new-privileges"],
                init=True,
                labels={LABEL: "1", f"{LABEL}.role": role, f"{LABEL}.run": run_id},
            )
        except docker.errors.DockerException as exc:
            raise SandboxError(f"could not start a container from {image}: {exc}") from exc
        return cls(container, client)

    def exec(
        self,
        command: str,
        timeout: float = 120,
        output_cap: int = DEFAULT_OUTPUT_CAP,
        workdir: str = "/repo",
        env: dict[str, str] | None = None,
    ) -> ExecResult:
        """Run `bash -c command` as the agent user; stdout and stderr interleaved."""
        argv = ["timeout", "-k", "5", str(int(max(1, timeout))), "bash", "-c", command]
        started = time.monotonic()
        api = self.client.api
        try:
            exec_id = api.exec_create(self.container.id, argv, user="agent", workdir=workdir, environment=env or {})[
                "Id"
            ]
            kept, dropped = bytearray(), 0
            for chunk in api.exec_start(exec_id, stream=True):
                room = output_cap - len(kept)
                if room > 0:
                    kept += chunk[:room]
                dropped += max(0, len(chunk) - max(room, 0))
            exit_code = api.exec_inspect(exec_id)["ExitCode"]
        except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
            raise SandboxError(f"exec in {self.container.name} failed: {exc}") from exc
        duration = time.monotonic() - started
        if exit_code is None:
            raise SandboxError(f"exec in {self.container.name} ended without an exit code")
        return ExecResult(
            exit_code=exit_code,
            output=kept.decode("utf-8", errors="replace"),
            duration=duration,
            timed_out=exit_code in TIMEOUT_EXIT_CODES and duration >= timeout - 0.5,
            truncated_bytes=dropped,
        )

    def write_file(self, path: str, content: bytes) -> None:
        directory, _, name = path.rstrip("/").rpartition("/")
        self._put(directory or "/", archive_of({name: content}, uid=AGENT_UID))

    def write_tree(self, directory: str, files: dict[str, bytes]) -> None:
        self._put(directory, archive_of(files, uid=AGENT_UID))

    def _put(self, directory: str, archive: bytes) -> None:
        try:
            if not self.container.put_archive(directory, archive):
                raise SandboxError(f"could not write into {directory} of {self.container.name}")
        except docker.errors.DockerException as exc:
            raise SandboxError(f"could not write into {directory} of {self.container.name}: {exc}") from exc

    def read_file(self, path: str) -> bytes:
        with tarfile.open(fileobj=io.BytesIO(self.export(path))) as tar:
            member = tar.next()
            if member is None or not member.isfile():
                raise FileNotFoundError(f"{path} is not a regular file in {self.container.name}")
            return tar.extractfile(member).read()

    def export(self, path: str = "/repo") -> bytes:
        """A tar archive of `path` as the engine sees it (taken from outside the agent's reach)."""
        try:
            stream, _ = self.container.get_archive(path)
            return b"".join(stream)
        except docker.errors.NotFound as exc:
            raise FileNotFoundError(f"{path} does not exist in {self.container.name}") from exc
        except docker.errors.DockerException as exc:
            raise SandboxError(f"could not read {path} from {self.container.name}: {exc}") from exc

    def is_running(self) -> bool:
        try:
            self.container.reload()
            return self.container.status == "running"
        except docker.errors.DockerException:
            return False

    def close(self) -> None:
        """Remove the container, whatever state it is in (never `stop || rm`)."""
        try:
            self.container.remove(force=True, v=True)
        except docker.errors.NotFound:
            pass

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def clean(run_id: str | None = None, client: docker.DockerClient | None = None) -> int:
    """Remove every evalrun container (or those of one run). Returns how many were removed."""
    client = client or docker_client()
    filters = {"label": [LABEL] + ([f"{LABEL}.run={run_id}"] if run_id else [])}
    removed = 0
    for container in client.containers.list(all=True, filters=filters):
        try:
            container.remove(force=True, v=True)
            removed += 1
        except docker.errors.NotFound:
            pass
    return removed
