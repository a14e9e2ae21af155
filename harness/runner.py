"""The main job: run an agent on tasks x attempts, N at once, grade, score and record each trial.

A trial runs in phases (PHASES: start sandbox, agent, export patch, stop, grade, replay the command
behind the report's success claims (harness/scoring/claim_replay.py), score, record)
through one infrastructure boundary (Runner._phase): a machinery failure in any phase is recorded as
that trial's infra error with the phase and the cause, never a crashed run.

Resumable: finished trials (recorded, not infrastructure errors) are skipped on a rerun of the
same run id; a rerun whose configuration differs is refused. Interruptible: on Ctrl-C / SIGTERM
the run stops, its containers are removed, and every trial recorded so far is kept.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from harness import __version__
from harness.agents import Agent, Budget, agent_factories, agent_for
from harness.backends import Backend, node_name
from harness.conditions import Condition, ConditionKind
from harness.grader import Verdict, grade
from harness.models import ModelConfigError
from harness.patches import AgentPatch, patch_from_archive
from harness.prompts import Prompts
from harness.results import (
    INFRA,
    TRIAL_FILES,
    ResultsError,
    TrialRecord,
    finished_trial_ids,
    read_config,
    trial_id,
    trial_paths,
    trials_file,
    write_record,
)
from harness.sandbox import Sandbox, SandboxError, TreeTooLarge, clean
from harness.scoring import claim_replay, score_trial
from harness.scoring.claim_replay import ClaimReplay
from harness.tasks import Task
from harness.trajectory import INFRA_ERROR, Trajectory, write_atomic

MAX_REPO_EXPORT_BYTES = 256 << 20  # an agent's /repo larger than this is not copied out, nor graded
# A trial's phases, in order; each is timed (the record's phase_sec) and names the infra errors it had.
PHASES = ("start", "agent", "export", "stop", "grade", "replay", "score", "record")
NODE_LOST = "node"  # an infra record's error_phase when its Ray node was lost mid-trial (harness/backends)
INFRA_ERROR_FILE = "infra_error.txt"  # beside the trial's files: the failure's traceback
RUN_FATAL = (ModelConfigError, ResultsError)  # not one trial's problem: the run stops
T = TypeVar("T")
IDENTITY_KEYS = ("agent", "model", "conditions", "tasks", "attempts", "budget", "prompts")


class ConfigMismatch(Exception):
    pass


@dataclass(frozen=True)
class RunSpec:
    run_id: str
    model: str
    conditions: tuple[Condition, ...]  # one or several, run in one interleaved queue (a single Condition: one)
    attempts: int = 1
    max_steps: int | None = None
    time_limit_sec: float | None = None
    cost_limit_usd: float | None = None
    agent: str | None = None  # a harness.agents.REGISTRY name; None: from the model (oracle / null), else bash

    def __post_init__(self):
        conditions = (self.conditions,) if isinstance(self.conditions, Condition) else tuple(self.conditions)
        keys = [c.key for c in conditions]
        if not conditions or len(set(keys)) != len(keys):
            raise ValueError(f"a run needs one or more different conditions, not {keys}")
        object.__setattr__(self, "conditions", conditions)

    @property
    def agent_name(self) -> str:
        return self.agent or agent_for(self.model)

    def budget(self, task: Task) -> Budget:
        return Budget(
            max_steps=self.max_steps or task.limits.max_steps,
            time_limit_sec=self.time_limit_sec or task.limits.time_limit_sec,
            command_timeout_sec=task.limits.command_timeout_sec,
            cost_limit_usd=self.cost_limit_usd,
        )


def default_run_id(model: str, conditions: Condition | tuple[Condition, ...] | list[Condition]) -> str:
    """<model>__<condition>[+<condition>...]: baseline, placebo, skill (the bundled one), skill-<name>-<sha8>."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", model).strip("-")
    conditions = (conditions,) if isinstance(conditions, Condition) else conditions
    labels = [
        str(c.kind) if c.kind != ConditionKind.SKILL or c.source == str(_bundled()) else c.key for c in conditions
    ]
    return f"{slug}__{'+'.join(labels)}"


def _bundled() -> Path:
    from harness import paths

    return paths.bundled_skill()


def make_config(spec: RunSpec, tasks: list[Task], prompts: Prompts) -> dict:
    return {
        "run_id": spec.run_id,
        "agent": spec.agent_name,
        "model": spec.model,
        "conditions": [c.identity() for c in spec.conditions],
        "tasks": {task.id: task.content_hash() for task in tasks},
        "attempts": spec.attempts,
        "budget": {
            "max_steps": spec.max_steps,
            "time_limit_sec": spec.time_limit_sec,
            "cost_limit_usd": spec.cost_limit_usd,
        },
        "prompts": prompts.fingerprint(),
        "evalrun_version": __version__,
    }


def prepare_run_dir(folder: Path, config: dict) -> bool:
    """Write config.json, or check it matches on resume. Returns True when resuming.

    Raises ConfigMismatch, or ResultsError when the folder cannot be written.
    """
    try:
        return _prepare_run_dir(folder, config)
    except OSError as exc:
        raise ResultsError.of(exc, folder) from exc


def _prepare_run_dir(folder: Path, config: dict) -> bool:
    existing = read_config(folder)
    if existing is not None:
        existing.setdefault("agent", agent_for(existing.get("model")))  # written before --agent
        differs = [key for key in IDENTITY_KEYS if existing.get(key) != config.get(key)]
        if differs:
            raise ConfigMismatch(
                f"run '{config['run_id']}' already exists in {folder} with a different "
                f"{', '.join(differs)}; resume it with the same options, or pass a new --run-id"
            )
        return True
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "config.json", _json(config))
    return False


def _json(data: dict) -> str:
    import json

    return json.dumps(data, indent=2, sort_keys=True)


@dataclass
class RunEvents:
    """Callbacks for progress display; all optional."""

    on_start: Callable[[str], None] = lambda trial: None
    on_finish: Callable[[TrialRecord], None] = lambda record: None


class Runner:
    def __init__(
        self,
        spec: RunSpec,
        tasks: list[Task],
        images: dict[str, str],
        folder: Path,
        prompts: Prompts | None = None,
        concurrency: int = 1,
        shard: tuple[int, int] = (1, 1),
        events: RunEvents | None = None,
        backend: Backend | None = None,
    ):
        self.spec, self.tasks, self.images, self.folder = spec, tasks, images, Path(folder)
        self.backend = backend  # None: this process's thread pool (the local backend); harness.backends
        self.node = node_name()  # the record's `node`: where the trial ran
        self.prompts = prompts or Prompts()
        self.concurrency, self.shard = max(1, concurrency), shard
        self.events = events or RunEvents()
        self.stop = threading.Event()
        self.label = spec.run_id if shard == (1, 1) else f"{spec.run_id}.shard{shard[0]}of{shard[1]}"
        self.log_path = trials_file(self.folder, shard)
        deliveries = {c.key: c.delivered() for c in spec.conditions}
        # condition key -> a per-trial agent constructor (the model is set up once, for all of them)
        self.agent_factories = agent_factories(spec.agent_name, spec.model, self.prompts, deliveries)

    def all_trials(self) -> list[tuple[Task, int, Condition]]:
        """Every (task, attempt, condition), in one interleaved queue: each (task, attempt) block holds
        every condition, in an order rotated block by block, so that drift in the provider's load or
        speed over the run falls on every condition alike."""
        conditions = self.spec.conditions
        blocks = [
            (task, attempt)
            for task in sorted(self.tasks, key=lambda t: t.id)
            for attempt in range(1, self.spec.attempts + 1)
        ]
        trials = []
        for number, (task, attempt) in enumerate(blocks):
            shift = number % len(conditions)
            trials += [(task, attempt, c) for c in conditions[shift:] + conditions[:shift]]
        index, count = self.shard
        return trials[index - 1 :: count]

    def pending_trials(self) -> list[tuple[Task, int, Condition]]:
        done = finished_trial_ids(self.folder)
        return [(t, a, c) for t, a, c in self.all_trials() if trial_id(t.id, c.key, a) not in done]

    def run(self) -> list[TrialRecord]:
        """Run every pending trial. Raises KeyboardInterrupt / ModelConfigError / ResultsError (the
        results cannot be written: not writable, disk full) after cleaning up."""
        pending = self.pending_trials()
        if self.backend is not None:  # trials elsewhere (a Ray cluster); this process writes what comes back
            return self.backend.run(self, pending)
        clean(self.label)  # containers left by a killed earlier process of this run
        records: list[TrialRecord] = []
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="trial")
        futures = [pool.submit(self.run_trial, task, attempt, condition) for task, attempt, condition in pending]
        try:
            for future in as_completed(futures):
                try:
                    record = future.result()
                except OSError as exc:
                    if not self._results_failure(exc):
                        raise
                    raise ResultsError.of(exc, self.folder) from exc
                if record is not None:
                    records.append(record)
        except BaseException:
            self.stop.set()
            for future in futures:
                future.cancel()
            with contextlib.suppress(SandboxError):  # an engine that is down must not hide the cause
                clean(self.label)
            pool.shutdown(wait=True, cancel_futures=True)
            with contextlib.suppress(SandboxError):
                clean(self.label)
            raise
        pool.shutdown(wait=True)
        with contextlib.suppress(SandboxError):
            clean(self.label)  # containers a failed removal left behind (the engine was briefly away)
        return records

    def _results_failure(self, exc: OSError) -> bool:
        """A full disk, or a file of this run's results folder that cannot be written."""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if not isinstance(exc.filename, str | bytes | os.PathLike):
            return False
        return Path(os.fsdecode(exc.filename)).resolve().is_relative_to(self.folder.resolve())

    def run_trial(self, task: Task, attempt: int, condition: Condition | None = None) -> TrialRecord | None:
        """One trial, phase by phase (PHASES), recorded. A machinery failure inside a phase ends the trial
        as an infra record naming the phase and the cause (rerun on resume); it never stops the run. None:
        the run was stopped (Ctrl-C) during the trial, which is left unrecorded."""
        if self.stop.is_set():
            return None
        condition = condition or self.spec.conditions[0]
        self.events.on_start(trial_id(task.id, condition.key, attempt))
        record = self.execute_trial(task, attempt, condition)
        if record is None:
            return None
        write_record(self.log_path, record)
        self.events.on_finish(record)
        return record

    def execute_trial(self, task: Task, attempt: int, condition: Condition) -> TrialRecord | None:
        """The trial's phases, its files written under this runner's folder, and its record, not yet
        appended to the trial log (run_trial appends it here; a Ray node returns it and the files to the
        driver, which writes both: harness/backends/ray_cluster.py)."""
        if self.stop.is_set():
            return None
        tid = trial_id(task.id, condition.key, attempt)
        trajectory = Trajectory(task.id, self.spec.model, condition.key, attempt)
        trial = Trial(task, attempt, tid, trajectory, condition)
        trial_dir = self.folder / "trials" / tid
        shutil.rmtree(trial_dir, ignore_errors=True)  # a rerun replaces an unfinished attempt
        trial_dir.mkdir(parents=True)
        try:
            if self._sandboxed(trial) is None:
                return None
            if trial.extracted is not None:
                trial.verdict = self._phase(
                    trial, "grade", lambda: grade(task, trial.patch, self.images[task.id], run_id=self.label)
                )
                trial.replay = self._phase(trial, "replay", lambda: self._replay(trial))
                trial.scores = self._phase(trial, "score", lambda: self._score(trial))
        except PhaseFailed as failed:
            if self.stop.is_set():
                return None  # the failure is the interruption's doing (its containers were removed)
            trial.fail(failed)
            (trial_dir / INFRA_ERROR_FILE).write_text(failed.traceback())
        if self.stop.is_set():
            return None
        self._timed(trial, "record", lambda: self._write_files(trial))
        return self._record(trial)

    def accept(self, record: TrialRecord, files: dict[str, bytes], announce: bool = True) -> TrialRecord:
        """A trial that ran elsewhere: write its files (path relative to trials/<trial>/ -> content) and
        append its record. The one writer of the run folder, like run_trial for the local pool.
        announce=False: not an end for the progress display (the trial runs again in this run)."""
        trial_dir = self.folder / "trials" / record.trial_id
        shutil.rmtree(trial_dir, ignore_errors=True)  # a rerun replaces an unfinished attempt
        trial_dir.mkdir(parents=True)
        for name, content in files.items():
            relative = Path(name)
            if relative.is_absolute() or not relative.parts or ".." in relative.parts:
                raise ValueError(f"trial {record.trial_id}: {name!r} is not a path inside the trial's folder")
            (trial_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            (trial_dir / relative).write_bytes(content)
        write_record(self.log_path, record)
        if announce:
            self.events.on_finish(record)
        return record

    def lost_trial(
        self, task: Task, attempt: int, condition: Condition, cause: str
    ) -> tuple[TrialRecord, dict[str, bytes]]:
        """The infra record of a trial whose node was lost while it ran (error_phase "node": where in its
        phases it was is not known), and its files (for accept): an empty patch and report, a trajectory
        without steps, the cause in infra_error.txt. Rerun like any infra record."""
        tid = trial_id(task.id, condition.key, attempt)
        trial = Trial(task, attempt, tid, Trajectory(task.id, self.spec.model, condition.key, attempt), condition)
        failed = PhaseFailed(NODE_LOST, message=cause)
        trial.fail(failed)
        trial.trajectory.exit_status, trial.trajectory.error = INFRA_ERROR, cause
        trial.trajectory.ended_at = time.time()
        record = self._record(trial)
        record.wall_sec = record.phase_sec = None  # not measured: the node took its clock with it
        files = {
            TRIAL_FILES["patch"]: b"",
            TRIAL_FILES["report"]: b"",
            TRIAL_FILES["trajectory"]: _json(trial.trajectory.to_dict()).encode(),
            INFRA_ERROR_FILE: failed.traceback().encode(),
        }
        return record, files

    def _sandboxed(self, trial: Trial) -> Trial | None:
        """start -> agent -> export -> stop. None: stopped (Ctrl-C) while the agent ran."""
        task, agents = trial.task, []

        def start() -> Sandbox:
            agents.append(self.agent_factories[trial.condition.key]())
            mounts = agents[0].mounts() if hasattr(agents[0], "mounts") else None  # an agent CLI's install, bridge
            return Sandbox.start(self.images[task.id], task.limits, role="agent", run_id=self.label, mounts=mounts)

        try:
            box = self._phase(trial, "start", start)
            try:
                stopped = self._agent_and_export(trial, box, agents[0])
            except BaseException as exc:
                self._timed(trial, "stop", functools.partial(_close_noting, box, exc))
                raise
            self._phase(trial, "stop", box.close)
        finally:
            for agent in agents:
                getattr(agent, "close", lambda: None)()  # an agent's own machinery (a CLI's model bridge)
        return None if stopped else trial

    def _agent_and_export(self, trial: Trial, box: Sandbox, agent: Agent) -> bool:
        """True: the run was stopped while the agent ran."""
        task, path = trial.task, self.folder / trial.files["trajectory"]
        budget = self.spec.budget(task)
        self._phase(trial, "agent", lambda: agent.run(task, box, budget, trial.trajectory, path))
        if self.stop.is_set():
            return True
        if trial.trajectory.exit_status == INFRA_ERROR:  # the agent's own infra error (model server, container)
            raise PhaseFailed("agent", message=trial.trajectory.error)
        self._phase(trial, "export", lambda: self._export(trial, box))
        return False

    def _export(self, trial: Trial, box: Sandbox) -> None:
        try:
            archive = box.export("/repo", max_bytes=MAX_REPO_EXPORT_BYTES)
        except TreeTooLarge as exc:  # the agent's doing: recorded, not graded, not rerun
            trial.notes = {"not_graded": str(exc)}
            return
        with tempfile.TemporaryDirectory(prefix="evalrun-orig-") as tmp:
            trial.extracted = patch_from_archive(trial.task.materialize(Path(tmp) / "repo"), archive)
        trial.patch = trial.extracted.patch
        trial.notes = {"skipped": trial.extracted.skipped, "outside_symlinks": trial.extracted.outside_symlinks}

    def _replay(self, trial: Trial) -> ClaimReplay:
        report, image = trial.trajectory.final_report or "", self.images[trial.task.id]
        return claim_replay.replay(trial.task, trial.patch, trial.trajectory, report, image, run_id=self.label)

    def _score(self, trial: Trial) -> dict:
        report = trial.trajectory.final_report or ""
        image = self.images[trial.task.id]
        return score_trial(
            trial.task, trial.patch, trial.trajectory, trial.verdict, report, image=image, replay=trial.replay
        )

    def _phase(self, trial: Trial, name: str, work: Callable[[], T]) -> T:
        """The one infrastructure boundary: run one phase of a trial, timed. Any failure of the machinery
        in it becomes PhaseFailed; only what ends the whole run passes through (an interruption, a
        model configuration error, results that cannot be written)."""
        try:
            return self._timed(trial, name, work)
        except RUN_FATAL:
            raise
        except OSError as exc:
            if self._results_failure(exc):
                raise
            raise PhaseFailed(name, exc) from exc
        except PhaseFailed:
            raise
        except Exception as exc:
            raise PhaseFailed(name, exc) from exc

    @staticmethod
    def _timed(trial: Trial, name: str, work: Callable[[], T]) -> T:
        started = time.monotonic()
        try:
            return work()
        finally:
            trial.phase_sec[name] = round(time.monotonic() - started, 3)

    def _write_files(self, trial: Trial) -> None:
        (self.folder / trial.files["patch"]).write_text(trial.patch, errors="surrogateescape")
        (self.folder / trial.files["report"]).write_text(trial.trajectory.final_report or "")
        if trial.trajectory.ended_at == 0.0:
            trial.trajectory.ended_at = time.time()
            trial.trajectory.save(self.folder / trial.files["trajectory"])

    def _record(self, trial: Trial) -> TrialRecord:
        trajectory, usage, scores = trial.trajectory, trial.trajectory.usage, trial.scores
        return TrialRecord(
            trial_id=trial.tid,
            task_id=trial.task.id,
            model=self.spec.model,
            attempt=trial.attempt,
            **trial.condition.identity(),
            exit_status=trajectory.exit_status if trial.error is None else INFRA_ERROR,
            error_category=INFRA if trial.error is not None else None,
            error=trial.error,
            error_phase=trial.error_phase,
            # For blocked / no-op tasks passing tests is not enough (the report must say so): the scorer decides.
            resolved=bool(scores.get("resolved")),
            verdict=trial.verdict.to_dict() if trial.verdict else None,
            steps=len(trajectory.steps),
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cost_usd=usage.cost_usd,
            wall_sec=round(time.monotonic() - trial.started, 3),
            phase_sec=trial.phase_sec,
            patch_notes=trial.notes,
            paths=trial.files,
            scores=scores,
            claim_replay=trial.replay.to_dict() if trial.replay else None,
            finished_at=time.time(),
            node=self.node,
        )


class PhaseFailed(Exception):
    """The machinery failed in one phase of a trial: that trial's infra error, rerun on resume."""

    def __init__(self, phase: str, cause: BaseException | None = None, message: str | None = None):
        self.phase, self.cause = phase, cause
        self.message = message or f"{type(cause).__name__}: {cause}"
        super().__init__(f"{phase}: {self.message}")

    def traceback(self) -> str:
        if self.cause is None:
            return f"phase {self.phase}: {self.message}\n"
        lines = traceback.format_exception(self.cause)
        return f"phase {self.phase}: {self.message}\n\n" + "".join(lines)


@dataclass
class Trial:
    """What one trial has so far, phase by phase."""

    task: Task
    attempt: int
    tid: str
    trajectory: Trajectory
    condition: Condition
    started: float = field(default_factory=time.monotonic)
    patch: str = ""
    notes: dict = field(default_factory=dict)
    extracted: AgentPatch | None = None
    verdict: Verdict | None = None
    replay: ClaimReplay | None = None
    scores: dict = field(default_factory=dict)
    error: str | None = None
    error_phase: str | None = None
    phase_sec: dict[str, float] = field(default_factory=dict)

    @property
    def files(self) -> dict[str, str]:
        return trial_paths(self.tid)

    def fail(self, failed: PhaseFailed) -> None:
        self.error, self.error_phase = failed.message, failed.phase
        self.scores, self.replay = {}, None


def _close_noting(box: Sandbox, failure: BaseException) -> None:
    """Remove the container after `failure`; a removal that fails too is noted on it (and the container
    is left for the end-of-run clean), never raised over it."""
    try:
        box.close()
    except Exception as exc:
        failure.add_note(f"removing the container failed as well: {type(exc).__name__}: {exc}")
