"""Where a run's trials execute: the backend seam (`evalrun --backend local|ray`).

- local (the default): this process's thread pool, `--concurrency` trials at once on this machine's
  Docker engine (harness/runner.py, Runner.run).
- ray: every trial runs whole (start, agent, export, grade, replay, score) on a node of a Ray cluster
  that has its own Docker engine; the record and the trial's files come back to this process, the
  driver, which alone writes the run folder (harness/backends/ray_cluster.py, docs/scale-out.md).

A backend is `run(runner, pending) -> records`: it runs the trials through the runner's own trial
logic (Runner.execute_trial on the node, Runner.accept on the driver) and never a copy of it.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from harness.conditions import Condition
    from harness.results import TrialRecord
    from harness.runner import Runner
    from harness.tasks import Task

LOCAL = "local"
RAY = "ray"
BACKENDS = (LOCAL, RAY)


class BackendError(Exception):
    """The backend cannot run the trials (no cluster reachable, no node with a Docker slot, a node that
    cannot start evalrun): fatal for the run; every trial recorded so far is kept, rerun to resume."""


class Backend(Protocol):
    def run(self, runner: Runner, pending: list[tuple[Task, int, Condition]]) -> list[TrialRecord]: ...


def node_name() -> str:
    """This machine's name, as a record's `node` names it (a Ray node adds its node id)."""
    return socket.gethostname()


def make_backend(name: str, address: str | None = None, concurrency: int | None = None) -> Backend | None:
    """The backend called `name` (None: the runner's own thread pool). Raises BackendError when it
    cannot be used here (ray not installed)."""
    if name == LOCAL:
        if address is not None:
            raise BackendError("--ray-address goes with --backend ray")
        return None
    if name != RAY:
        raise BackendError(f"--backend {name!r}: use one of {', '.join(BACKENDS)}")
    from harness.backends.ray_cluster import RayBackend

    return RayBackend(address, concurrency)
