"""`--backend ray`: each trial runs whole on a node of a Ray cluster; the driver writes the run folder.

The driver (the process `evalrun` runs in) starts a pool of long-lived actors, TrialWorker, one per
Docker slot of the cluster: each asks Ray for `docker: 1` (a custom resource every evalrun worker
node advertises, one unit per trial its engine can hold) and the CPUs and memory of the run's
largest task limits plus the harness's own share (HARNESS_CPUS, HARNESS_MEMORY_MB). An actor
imports evalrun, unpacks the run's task folders (they travel with the job: pack_tasks), sets up
the agent and model once, and then runs trial after trial through the runner's own code
(Runner.execute_trial) into a scratch folder of its own; it returns the record and the trial's
files, which the driver writes (Runner.accept) and appends to the trial log, as a local run does.
The driver hands the next trial to an actor as soon as it is free, so the progress bar's
"running" is the trials actually running.

Images: a node builds a task image it lacks from the same content hash (ImageBuilder, offline, one
build per node at a time: build_lock), or pulls it from EVALRUN_REGISTRY when that is set; a node
whose tag differs from the driver's (another base recipe) or whose build fails gives the trial an
infra record naming the node.

Faults: a node lost mid-trial (its raylet or actor killed, the machine gone) gives that trial an
infra record (error_phase "node") and the trial is run again once on another actor
(NODE_LOSS_RETRIES); what is still an infra record after that is rerun on resume, as locally. The
last record of a trial wins, so nothing is counted twice. Ctrl-C (or SIGTERM) stops every actor
(its runner's stop flag, then its node's containers of this run removed), removes this run's
containers on every node that advertises `docker`, and kills the actors.

Provider keys (FORWARDED_ENV) reach the actors through the job's runtime environment; the sandbox
never passes the host's environment to a container.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import shutil
import signal
import socket
import tarfile
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from harness.backends import BackendError

if TYPE_CHECKING:
    from harness.conditions import Condition
    from harness.results import TrialRecord
    from harness.runner import Runner, RunSpec
    from harness.tasks import Task

DOCKER_RESOURCE = "docker"
HARNESS_CPUS = 0.25  # the harness's own share beside the task's container (the grader, git, ruff)
HARNESS_MEMORY_MB = 256
NODE_LOSS_RETRIES = 1  # reruns, within the run, of a trial whose node was lost
ACTOR_START_SEC = 120.0  # an actor not placed and started by then is given up (the pool is smaller)
STOP_WAIT_SEC = 30.0  # Ctrl-C: how long the actors and the node cleaners get
CLEAN_WAIT_SEC = 120.0  # the cleaners at the start and the end of a run
# Read by evalrun on the nodes (model keys and servers, image recipe, prices); DOCKER_HOST and the
# folders are each node's own, and never forwarded.
FORWARDED_ENV = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "EVALRUN_OPENAI_BASE_URL",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_BASE_URL",
    "EVALRUN_ANTHROPIC_BASE_URL",
    "EVALRUN_MODEL_MAX_TOKENS",
    "EVALRUN_PRICES",
    "EVALRUN_BASE",
    "EVALRUN_DEBIAN_SUITE",
    "EVALRUN_DEBIAN_MIRROR",
    "EVALRUN_DOCKER_TIMEOUT",
    "EVALRUN_REGISTRY",
)
BUILD_LOCK = Path(tempfile.gettempdir()) / "evalrun-image-build.lock"
_build_thread_lock = threading.Lock()


def _ray():
    try:
        import ray
    except ImportError as exc:
        raise BackendError(
            "--backend ray needs Ray: pip install 'evalrun[ray]' (ray==2.60.0) here and on every node"
        ) from exc
    return ray


# -- the task folders travel with the job -----------------------------------------------------------
def pack_tasks(tasks: list[Task]) -> bytes:
    """The run's task folders as one tar: <id>/, _services/<service>/, _clients/<service>/ (what
    load_task reads), so that a node needs evalrun installed but not the checkout."""
    from harness.patches import IGNORED_NAMES
    from harness.tasks import CLIENTS_DIR, SERVICES_DIR

    def skip(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
        return None if IGNORED_NAMES & set(Path(info.name).parts) else info

    buffer, added = io.BytesIO(), set()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for task in tasks:
            folders = [(task.dir, task.id)]
            if task.service is not None and task.repo_path is None:
                folders.append((task.service_dir, f"{SERVICES_DIR}/{task.service}"))
            if task.client_dir.is_dir():
                folders.append((task.client_dir, f"{CLIENTS_DIR}/{task.service_name}"))
            for source, name in folders:
                if name not in added:
                    tar.add(source, arcname=name, filter=skip)
                    added.add(name)
    return buffer.getvalue()


def unpack_tasks(bundle: bytes, root: Path, ids: list[str]) -> list[Task]:
    from harness.tasks import load_task

    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
        tar.extractall(root, filter="tar")
    return [load_task(root / task_id) for task_id in ids]


# -- images on a node ---------------------------------------------------------------------------------
@contextlib.contextmanager
def build_lock():
    """One image build per node at a time (every evalrun process on the machine: a file lock)."""
    with _build_thread_lock, open(BUILD_LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class NodeImages:
    """task id -> the task's image on this node, as the driver tagged it: there already, pulled from
    EVALRUN_REGISTRY, or built here (the runner asks inside its start phase, so a failure is the
    trial's infra record). ImageBuildError names the node."""

    def __init__(self, tasks: dict[str, Task], tags: dict[str, str], node: str):
        self.tasks, self.tags, self.node = tasks, tags, node
        self.ready: set[str] = set()

    def __getitem__(self, task_id: str) -> str:
        wanted = self.tags[task_id]
        if task_id not in self.ready:
            self._ensure(self.tasks[task_id], wanted)
            self.ready.add(task_id)
        return wanted

    def _ensure(self, task: Task, wanted: str) -> None:
        from harness.images import REGISTRY_ENV, ImageBuilder, ImageBuildError
        from harness.sandbox import SandboxError, docker_client

        try:
            with build_lock():
                builder = ImageBuilder(docker_client(), log=lambda line: print(f"[{self.node}] {line}", flush=True))
                tag = builder.task_tag(task)
                if tag != wanted:
                    raise ImageBuildError(
                        f"task {task.id}'s image here would be {tag}, the driver's is {wanted}: the base recipe "
                        "differs (EVALRUN_BASE, EVALRUN_DEBIAN_SUITE / EVALRUN_DEBIAN_MIRROR, the apt mirror); "
                        "make it the same on every node, or share the images through EVALRUN_REGISTRY"
                    )
                if builder.exists(tag):
                    return
                registry = os.environ.get(REGISTRY_ENV, "").strip()
                if registry and builder.pull(tag, registry):
                    return
                builder.ensure_task(task)
        except (ImageBuildError, SandboxError) as exc:
            raise ImageBuildError(f"node {self.node}: {exc}") from exc


# -- the actor that runs trials on a node -------------------------------------------------------------
class TrialWorker:
    """One Docker slot of one node: runs the run's trials one after another (made remote by RayBackend)."""

    def __init__(self, spec: RunSpec, shard: tuple[int, int], tags: dict[str, str], bundle: bytes, prompts: str):
        import ray

        from harness.prompts import Prompts
        from harness.runner import Runner

        began = time.monotonic()
        self.node_id = ray.get_runtime_context().get_node_id()
        self.node = f"{socket.gethostname()}/{self.node_id[:8]}"
        self.scratch = Path(tempfile.mkdtemp(prefix="evalrun-ray-"))
        tasks = unpack_tasks(bundle, self.scratch / "tasks", list(tags))
        local = Prompts()
        if local.fingerprint() != prompts:
            raise BackendError(f"node {self.node}: its evalrun's prompts differ from the driver's; install the same")
        images = NodeImages({t.id: t for t in tasks}, tags, self.node)
        self.runner = Runner(spec, tasks, images, self.scratch / "run", local, shard=shard)  # type: ignore[arg-type]
        self.runner.node = self.node
        self.tasks = {t.id: t for t in tasks}
        self.conditions = {c.key: c for c in spec.conditions}
        self.start_sec = round(time.monotonic() - began, 3)

    def where(self) -> tuple[str, str, float]:
        """(Ray node id, the records' node name, seconds this actor took to start)."""
        return self.node_id, self.node, self.start_sec

    def run(self, task_id: str, attempt: int, condition_key: str) -> tuple[dict, dict[str, bytes], float] | None:
        """One trial: (its record, its files by path under trials/<trial>/, seconds on the node); None
        when the run was stopped during it."""
        began = time.monotonic()
        record = self.runner.execute_trial(self.tasks[task_id], attempt, self.conditions[condition_key])
        if record is None:
            return None
        folder = self.runner.folder / "trials" / record.trial_id
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        shutil.rmtree(folder, ignore_errors=True)
        return record.to_dict(), files, round(time.monotonic() - began, 3)

    def stop(self) -> int:
        """Ctrl-C on the driver: no new phase starts, and this run's containers on this node go."""
        from harness.sandbox import clean

        self.runner.stop.set()
        removed = clean(self.runner.label)
        shutil.rmtree(self.scratch, ignore_errors=True)  # the actor is killed next; a stopped trial is not recorded
        return removed

    def close(self) -> int:
        """The run is over: this run's containers a failed removal left on this node go, and the scratch."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        return _clean_node(self.runner.label)


def _clean_node(label: str) -> int:
    from harness.sandbox import clean, wait_for_removals

    with contextlib.suppress(Exception):
        wait_for_removals()
    return clean(label)


# -- the driver -------------------------------------------------------------------------------------
@dataclass
class Slot:
    actor: object
    node_id: str = ""
    node: str = ""


@dataclass
class Stats:
    """Where a Ray run's time went (the bench reads it)."""

    actor_start_sec: list[float] = field(default_factory=list)  # each actor: placed, imported, set up
    pool_ready_sec: float = 0.0  # from run() to the first actors ready
    node_sec: list[float] = field(default_factory=list)  # each trial, on its node
    round_trip_sec: list[float] = field(default_factory=list)  # each trial, from dispatch to result on the driver


class RayBackend:
    def __init__(self, address: str | None = None, concurrency: int | None = None):
        self.address, self.concurrency = address, concurrency
        self.stats = Stats()

    # -- connecting ---------------------------------------------------------------------------------
    def _connect(self):
        """ray.init against the cluster (address, else RAY_ADDRESS, else a Ray instance on this
        machine with --concurrency docker slots). Returns whether this call initialised Ray."""
        ray = _ray()
        if ray.is_initialized():
            return ray, False
        import logging

        forwarded = {k: os.environ[k] for k in FORWARDED_ENV if os.environ.get(k)}
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        options: dict = {"log_to_driver": False, "logging_level": logging.WARNING}
        if forwarded:  # (none: the nodes' idle Ray workers can be used, no workers of a runtime env of its own)
            options["runtime_env"] = {"env_vars": forwarded}
        address = self.address or os.environ.get("RAY_ADDRESS") or None
        if address is None:  # one machine: its Docker engine as `concurrency` slots
            slots = self.concurrency or 2
            options |= {
                "num_cpus": max(os.cpu_count() or 1, int(slots * (1 + HARNESS_CPUS)) + 1),
                "resources": {DOCKER_RESOURCE: slots},
                "include_dashboard": False,
            }
        try:
            ray.init(address=address, **options)
        except Exception as exc:
            raise BackendError(f"cannot reach the Ray cluster at {address or 'a new local instance'}: {exc}") from exc
        finally:
            for sig, handler in handlers.items():  # Ctrl-C and `kill` stop the run as locally
                with contextlib.suppress(ValueError, TypeError):
                    signal.signal(sig, handler)
        return ray, True

    @staticmethod
    def docker_nodes(ray) -> list[dict]:
        return [n for n in ray.nodes() if n.get("Alive") and n.get("Resources", {}).get(DOCKER_RESOURCE, 0) > 0]

    @staticmethod
    def slot_size(tasks: list[Task]) -> tuple[float, int]:
        """(CPUs, memory bytes) an actor asks for: the run's largest task limits plus the harness's share."""
        cpus = max(t.limits.cpus for t in tasks) + HARNESS_CPUS
        memory_mb = max(t.limits.memory_mb for t in tasks) + HARNESS_MEMORY_MB
        return round(cpus, 3), memory_mb << 20

    def capacity(self, ray, cpus: float, memory: int) -> int:
        slots = 0
        for node in self.docker_nodes(ray):
            total = node["Resources"]
            fits = [int(total[DOCKER_RESOURCE])]
            fits.append(int(total.get("CPU", 0) // cpus) if cpus else fits[0])
            if "memory" in total:
                fits.append(int(total["memory"] // memory))
            slots += max(0, min(fits))
        return slots

    # -- the run ------------------------------------------------------------------------------------
    def run(self, runner: Runner, pending: list[tuple[Task, int, Condition]]) -> list[TrialRecord]:
        ray, initialised = self._connect()
        try:
            return self._run(ray, runner, pending)
        finally:
            if initialised:
                ray.shutdown()

    def _run(self, ray, runner: Runner, pending: list[tuple[Task, int, Condition]]) -> list[TrialRecord]:
        from ray.exceptions import ObjectLostError, RayActorError

        from harness.results import TrialRecord

        began = time.monotonic()
        cpus, memory = self.slot_size(runner.tasks)
        capacity = self.capacity(ray, cpus, memory)
        if capacity == 0:
            raise BackendError(
                f"no node of the Ray cluster has a free Docker slot for these trials ({cpus:g} CPUs, "
                f"{memory >> 20} MiB, {DOCKER_RESOURCE}: 1 each); start the worker nodes with "
                f"ray start --address ... --resources='{{\"{DOCKER_RESOURCE}\": N}}' and enough --num-cpus"
            )
        cleaning = self._clean_nodes(ray, runner.label)  # containers a killed earlier driver of this run left
        if not pending:
            self._wait(ray, cleaning, CLEAN_WAIT_SEC)
            return []
        target = min(capacity, len(pending), self.concurrency or capacity)
        remote = ray.remote(TrialWorker).options(
            num_cpus=cpus, memory=memory, resources={DOCKER_RESOURCE: 1}, max_concurrency=2, max_restarts=0
        )
        bundle = ray.put(pack_tasks(runner.tasks))
        setup = (runner.spec, runner.shard, {t.id: runner.images[t.id] for t in runner.tasks}, bundle)
        prompts = runner.prompts.fingerprint()

        def start_actor() -> tuple[object, object]:
            actor = remote.remote(*setup, prompts)
            return actor, actor.where.remote()

        starting = {ref: (actor, time.monotonic()) for actor, ref in (start_actor() for _ in range(target))}
        self._wait(ray, cleaning, CLEAN_WAIT_SEC)  # while the actors start; before any trial's container
        announced: set[str] = set()  # trials whose start the progress display was told of
        idle: list[Slot] = []
        slots: list[Slot] = []
        queue = deque(pending)
        retries: dict[str, int] = {}
        in_flight: dict = {}  # result ref -> (slot, trial, dispatched at)
        records: list[TrialRecord] = []
        try:
            while queue or in_flight:
                while idle and queue and not runner.stop.is_set():
                    slot, trial = idle.pop(), queue.popleft()
                    task, attempt, condition = trial
                    if _tid(trial) not in announced:
                        runner.events.on_start(_tid(trial))
                        announced.add(_tid(trial))
                    ref = slot.actor.run.remote(task.id, attempt, condition.key)
                    in_flight[ref] = (slot, trial, time.monotonic())
                if not in_flight and not starting:
                    raise BackendError(
                        f"no evalrun actor is left on the Ray cluster ({len(queue)} trial(s) not run); "
                        "rerun the same command to resume"
                    )
                ready, _ = ray.wait([*in_flight, *starting], num_returns=1, timeout=1.0)
                for ref in ready:
                    if ref in starting:
                        actor, _started = starting.pop(ref)
                        try:
                            node_id, node, start_sec = ray.get(ref)
                        except RayActorError as exc:
                            if not slots and not starting:
                                raise BackendError(f"no evalrun actor could start on the Ray cluster: {exc}") from exc
                            continue
                        slot = Slot(actor, node_id, node)
                        slots.append(slot)
                        idle.append(slot)
                        self.stats.actor_start_sec.append(start_sec)
                        self.stats.pool_ready_sec = self.stats.pool_ready_sec or round(time.monotonic() - began, 3)
                        continue
                    slot, trial, dispatched = in_flight.pop(ref)
                    try:
                        result = ray.get(ref)
                    except (RayActorError, ObjectLostError) as exc:  # the node, or its actor, is gone
                        with contextlib.suppress(Exception):  # an actor only unreachable must not finish it later
                            ray.kill(slot.actor)
                        records.append(self._lost(runner, slot, trial, exc, queue, retries))
                        if _tid(trial) not in {_tid(t) for t in queue}:
                            announced.discard(_tid(trial))
                        slots.remove(slot)
                        if len(slots) + len(starting) < target:  # a replacement, wherever Ray can place it
                            actor, ready_ref = start_actor()
                            starting[ready_ref] = (actor, time.monotonic())
                        continue
                    idle.append(slot)
                    if result is None:
                        continue  # stopped during the trial
                    record_dict, files, node_sec = result
                    records.append(runner.accept(TrialRecord.from_dict(record_dict), files))
                    self.stats.node_sec.append(node_sec)
                    self.stats.round_trip_sec.append(round(time.monotonic() - dispatched, 3))
                for ref, (actor, started) in list(starting.items()):
                    if time.monotonic() - started > ACTOR_START_SEC:  # not placeable (the slots are gone)
                        starting.pop(ref)
                        with contextlib.suppress(Exception):
                            ray.kill(actor)
        except BaseException:
            runner.stop.set()
            self._stop(ray, runner.label, slots, list(in_flight), [a for a, _ in starting.values()])
            raise
        self._close(ray, runner.label, slots, [a for a, _ in starting.values()])
        return list({r.trial_id: r for r in records}.values())  # a lost trial's rerun replaces its infra record

    def _lost(self, runner: Runner, slot: Slot, trial, exc: BaseException, queue: deque, retries: dict) -> TrialRecord:
        """The infra record of a trial whose node (or actor) was lost, and its rerun, if it has one left."""
        task, attempt, condition = trial
        tid = _tid(trial)
        cause = f"node {slot.node} was lost during the trial ({type(exc).__name__}: {str(exc).splitlines()[0]})"
        record, files = runner.lost_trial(task, attempt, condition, cause)
        record.node = slot.node
        rerun = retries.get(tid, 0) < NODE_LOSS_RETRIES
        runner.accept(record, files, announce=not rerun)  # a rerun is still the same trial on the progress bar
        if rerun:
            retries[tid] = retries.get(tid, 0) + 1
            queue.appendleft(trial)
        return record

    def _clean_nodes(self, ray, label: str, only: set[str] | None = None) -> list:
        """Remove this run's containers on every node that advertises `docker` (or those of `only`, by
        node id), a zero-CPU task pinned to each; returns the calls' refs (_wait for them)."""
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        cleaner = ray.remote(_clean_node)
        return [
            cleaner.options(
                num_cpus=0, scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False)
            ).remote(label)
            for node in self.docker_nodes(ray)
            if only is None or node["NodeID"] in only
        ]

    @staticmethod
    def _wait(ray, refs: list, timeout: float) -> None:
        if refs:
            with contextlib.suppress(Exception):
                ray.wait(refs, num_returns=len(refs), timeout=timeout)

    def _stop(self, ray, label: str, slots: list[Slot], in_flight: list, starting: list) -> None:
        """Ctrl-C: queued calls cancelled, every actor stopped (its node's containers removed), then
        every docker node cleaned and the actors killed."""
        for ref in in_flight:
            with contextlib.suppress(Exception):
                ray.cancel(ref)
        stops = []
        for slot in slots:
            with contextlib.suppress(Exception):
                stops.append(slot.actor.stop.remote())
        with contextlib.suppress(Exception):
            ray.wait(stops, num_returns=len(stops), timeout=STOP_WAIT_SEC)
        self._wait(ray, self._clean_nodes(ray, label), STOP_WAIT_SEC)
        for actor in [s.actor for s in slots] + starting:
            with contextlib.suppress(Exception):
                ray.kill(actor)
        self._wait(ray, self._clean_nodes(ray, label), STOP_WAIT_SEC)  # what a stopping trial started meanwhile

    def _close(self, ray, label: str, slots: list[Slot], starting: list) -> None:
        """The run is over: each actor removes what a failed removal left on its node (a cleaner task does
        on the docker nodes that have no actor left), then the actors go."""
        closes = []
        for slot in slots:
            with contextlib.suppress(Exception):
                closes.append(slot.actor.close.remote())
        without_actor = {n["NodeID"] for n in self.docker_nodes(ray)} - {slot.node_id for slot in slots}
        self._wait(ray, closes + self._clean_nodes(ray, label, without_actor), CLEAN_WAIT_SEC)
        for actor in [s.actor for s in slots] + starting:
            with contextlib.suppress(Exception):
                ray.kill(actor)


def _tid(trial) -> str:
    from harness.results import trial_id

    task, attempt, condition = trial
    return trial_id(task.id, condition.key, attempt)
