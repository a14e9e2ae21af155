"""The main job: run an agent on tasks x attempts, N at once, grade, score and record each trial.

Resumable: finished trials (recorded, not infrastructure errors) are skipped on a rerun of the
same run id; a rerun whose configuration differs is refused. Interruptible: on Ctrl-C / SIGTERM
the run stops, its containers are removed, and every trial recorded so far is kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from harness import __version__
from harness.agent import BashAgent, Budget, ReferenceAgent
from harness.grader import grade
from harness.models import get_model
from harness.patches import patch_from_archive
from harness.prompts import Condition, Prompts
from harness.results import (
    INFRA,
    ResultsError,
    append_record,
    finished_trial_ids,
    read_config,
    trial_id,
    trial_paths,
    trials_file,
)
from harness.sandbox import Sandbox, SandboxError, TreeTooLarge, clean
from harness.scoring import score_trial
from harness.tasks import Task
from harness.trajectory import INFRA_ERROR, Trajectory, write_atomic

REFERENCE_MODELS = ("oracle", "null")
MAX_REPO_EXPORT_BYTES = 256 << 20  # an agent's /repo larger than this is not copied out, nor graded
IDENTITY_KEYS = ("model", "condition", "guidance_sha256", "tasks", "attempts", "budget", "prompts")


class ConfigMismatch(Exception):
    pass


@dataclass(frozen=True)
class RunSpec:
    run_id: str
    model: str
    condition: Condition
    attempts: int = 1
    max_steps: int | None = None
    time_limit_sec: float | None = None
    cost_limit_usd: float | None = None

    def budget(self, task: Task) -> Budget:
        return Budget(
            max_steps=self.max_steps or task.limits.max_steps,
            time_limit_sec=self.time_limit_sec or task.limits.time_limit_sec,
            command_timeout_sec=task.limits.command_timeout_sec,
            cost_limit_usd=self.cost_limit_usd,
        )


def default_run_id(model: str, condition: Condition) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", model).strip("-")
    label = condition.name
    if condition.name == "skill" and condition.source != str(_bundled()):
        label = f"skill-{condition.sha256[:8]}"
    return f"{slug}__{label}"


def _bundled() -> Path:
    from harness import paths

    return paths.bundled_skill()


def make_config(spec: RunSpec, tasks: list[Task], prompts: Prompts) -> dict:
    return {
        "run_id": spec.run_id,
        "model": spec.model,
        "condition": spec.condition.name,
        "guidance_source": spec.condition.source,
        "guidance_sha256": spec.condition.sha256,
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
    on_finish: Callable[[dict], None] = lambda record: None


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
    ):
        self.spec, self.tasks, self.images, self.folder = spec, tasks, images, Path(folder)
        self.prompts = prompts or Prompts()
        self.concurrency, self.shard = max(1, concurrency), shard
        self.events = events or RunEvents()
        self.stop = threading.Event()
        self.label = spec.run_id if shard == (1, 1) else f"{spec.run_id}.shard{shard[0]}of{shard[1]}"
        self.log_path = trials_file(self.folder, shard)
        if spec.model in REFERENCE_MODELS:
            self.agent_factory = lambda: ReferenceAgent(spec.model)
        else:
            model = get_model(spec.model)
            self.agent_factory = lambda: BashAgent(model, self.prompts, spec.condition.guidance)

    def all_trials(self) -> list[tuple[Task, int]]:
        trials = [
            (task, attempt)
            for task in sorted(self.tasks, key=lambda t: t.id)
            for attempt in range(1, self.spec.attempts + 1)
        ]
        index, count = self.shard
        return trials[index - 1 :: count]

    def pending_trials(self) -> list[tuple[Task, int]]:
        done = finished_trial_ids(self.folder)
        return [(t, a) for t, a in self.all_trials() if trial_id(t.id, self.spec.condition.name, a) not in done]

    def run(self) -> list[dict]:
        """Run every pending trial. Raises KeyboardInterrupt / ModelConfigError / ResultsError (the
        results cannot be written: not writable, disk full) after cleaning up."""
        clean(self.label)  # containers left by a killed earlier process of this run
        pending = self.pending_trials()
        records: list[dict] = []
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="trial")
        futures = [pool.submit(self.run_trial, task, attempt) for task, attempt in pending]
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

    def run_trial(self, task: Task, attempt: int) -> dict | None:
        if self.stop.is_set():
            return None
        condition = self.spec.condition.name
        tid = trial_id(task.id, condition, attempt)
        self.events.on_start(tid)
        files = trial_paths(tid)
        trajectory_path = self.folder / files["trajectory"]
        trial_dir = self.folder / "trials" / tid
        shutil.rmtree(trial_dir, ignore_errors=True)  # a rerun replaces an unfinished attempt
        trial_dir.mkdir(parents=True)
        started = time.monotonic()
        image = self.images[task.id]
        trajectory = Trajectory(task.id, self.spec.model, condition, attempt)
        patch, notes, verdict, error, extracted = "", {}, None, None, None
        try:
            with Sandbox.start(image, task.limits, role="agent", run_id=self.label) as box:
                self.agent_factory().run(task, box, self.spec.budget(task), trajectory, trajectory_path)
                if self.stop.is_set():
                    return None
                if trajectory.exit_status != INFRA_ERROR:
                    try:
                        archive = box.export("/repo", max_bytes=MAX_REPO_EXPORT_BYTES)
                    except TreeTooLarge as exc:  # the agent's doing: recorded, not graded, not rerun
                        notes = {"not_graded": str(exc)}
                    else:
                        with tempfile.TemporaryDirectory(prefix="evalrun-orig-") as tmp:
                            extracted = patch_from_archive(task.materialize(Path(tmp) / "repo"), archive)
                        del archive
                        patch = extracted.patch
                        notes = {"skipped": extracted.skipped, "outside_symlinks": extracted.outside_symlinks}
            if extracted is not None:
                verdict = grade(task, patch, image, run_id=self.label)
        except SandboxError as exc:
            if self.stop.is_set():
                return None
            error = f"SandboxError: {exc}"
        if self.stop.is_set():
            return None
        if trajectory.exit_status == INFRA_ERROR and error is None:
            error = trajectory.error
        report = trajectory.final_report or ""
        (self.folder / files["patch"]).write_text(patch, errors="surrogateescape")
        (self.folder / files["report"]).write_text(report)
        if trajectory.ended_at == 0.0:
            trajectory.ended_at = time.time()
            trajectory.save(trajectory_path)
        usage = trajectory.usage
        scores = score_trial(task, patch, trajectory, verdict, report, image=image) if verdict is not None else {}
        record = {
            "trial_id": tid,
            "task_id": task.id,
            "model": self.spec.model,
            "condition": condition,
            "attempt": attempt,
            "exit_status": trajectory.exit_status if error is None else INFRA_ERROR,
            "error_category": INFRA if error is not None else None,
            "error": error,
            # For blocked / no-op tasks passing tests is not enough (the report must say so): the scorer decides.
            "resolved": bool(scores.get("resolved")),
            "verdict": verdict.to_dict() if verdict else None,
            "steps": len(trajectory.steps),
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cost_usd": usage.cost_usd,
            "wall_sec": round(time.monotonic() - started, 3),
            "patch_notes": notes,
            "paths": files,
            "scores": scores,
            "finished_at": time.time(),
        }
        append_record(self.log_path, record)
        self.events.on_finish(record)
        return record
