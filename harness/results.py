"""A run's results on disk: results/<run-id>/{config.json, trials*.jsonl, trials/<trial_id>/...}.

Records are appended one JSON line per finished trial, in a single O_APPEND write followed by
fsync, so a killed process leaves at worst one malformed last line, which readers skip. Several
machines running shards of one run write trials.shard-<i>-of-<n>.jsonl; copying their folders
together merges them. The last record of a trial id wins.

A record is a TrialRecord (schema_version SCHEMA_VERSION): the runner writes it with write_record,
and every reader (leaderboard, analysis, export, report, `evalrun score`) reads a run through
load_run, which checks each record (unknown fields are an error) and fills a record's model and
condition from the run's config when the record has none.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from harness import paths
from harness.conditions import IDENTITY_FIELDS, config_conditions, label_conditions

CONDITION_FIELDS = tuple(name for name in IDENTITY_FIELDS if name != "condition")

INFRA = "infra"
_append_lock = threading.Lock()


class ResultsError(Exception):
    """The results folder cannot be written (not writable, disk full): fatal for the run, which stops
    with its containers removed and every complete record kept; rerun the same command to resume."""

    @classmethod
    def of(cls, exc: OSError, folder: Path) -> ResultsError:
        where = exc.filename or folder
        return cls(
            f"cannot write the results ({where}: {exc.strerror or exc}); make {folder} writable or free space, "
            "then rerun the same command to resume"
        )


def run_dir(run_id: str, root: Path | None = None) -> Path:
    if not run_id or "/" in run_id or run_id.startswith("."):
        raise ValueError(f"run id {run_id!r} is not a plain folder name; use letters, digits, '-', '_' and '.'")
    return Path(root or paths.results_dir()) / run_id


class NotARun(FileNotFoundError):
    """A run reference (a run id or a folder path) that names no run folder."""


def is_run_dir(folder: Path) -> bool:
    """A run folder holds config.json or a trial log."""
    folder = Path(folder)
    return folder.is_dir() and ((folder / "config.json").is_file() or any(folder.glob("trials*.jsonl")))


def resolve_run(ref: str | Path) -> Path:
    """The run folder a run id (a folder name under the results folder) or a folder path names.

    Raises NotARun saying why: not a plain id, no such folder, or a folder that is not a run."""
    path = Path(ref)
    if is_run_dir(path):
        return path
    try:
        folder = run_dir(str(ref))
    except ValueError as exc:
        if path.is_dir():
            raise NotARun(f"{path} is not a run folder: it holds neither config.json nor trials*.jsonl") from exc
        raise NotARun(f"{ref} is neither a run folder nor a run id under {paths.results_dir()}") from exc
    if not folder.is_dir():
        raise NotARun(f"no run folder {folder} (run ids are folder names under {paths.results_dir()})")
    if not is_run_dir(folder):
        raise NotARun(f"{folder} is not a run folder: it holds neither config.json nor trials*.jsonl")
    return folder


def trial_id(task_id: str, condition: str, attempt: int) -> str:
    return f"{task_id}__{condition}__a{attempt}"


TRIAL_FILES = {"patch": "patch.diff", "report": "report.md", "trajectory": "trajectory.json"}


def trial_paths(trial: str) -> dict[str, str]:
    """Where a trial's patch, report and trajectory are written, relative to the run folder."""
    return {kind: f"trials/{trial}/{name}" for kind, name in TRIAL_FILES.items()}


def trial_file(folder: Path, record: TrialRecord, kind: str) -> Path:
    """A finished trial's "patch", "report" or "trajectory": where its record says, else where the runner writes it."""
    where = record.paths or {}
    return Path(folder) / where.get(kind, trial_paths(record.trial_id)[kind])


def trials_file(folder: Path, shard: tuple[int, int] = (1, 1)) -> Path:
    index, count = shard
    return folder / ("trials.jsonl" if count == 1 else f"trials.shard-{index}-of-{count}.jsonl")


def append_record(path: Path, record: dict) -> None:
    """Append one record atomically (one write of one whole line, then fsync).

    A write that fails or stops short (disk full) is cut off again, so that no partial line is left
    for the next record to be glued to.
    """
    line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8", "surrogateescape")
    with _append_lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            try:
                written = os.write(fd, line)
                if written != len(line):
                    raise OSError(errno.ENOSPC, f"short write ({written} of {len(line)} bytes)", str(path))
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size)
                raise
        finally:
            os.close(fd)


def read_by_trial(paths: list[Path]) -> dict[str, dict]:
    """trial_id -> the last JSON object for it across JSON-lines files; malformed lines are skipped."""
    latest: dict[str, dict] = {}
    for path in paths:
        for line in Path(path).read_text(errors="replace").splitlines():
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue  # a write cut by a killed process
            if isinstance(item, dict) and "trial_id" in item:
                latest[item["trial_id"]] = item
    return latest


def read_records(folder: Path) -> list[dict]:
    """Every trial's last record across trials*.jsonl, as the raw JSON objects (the runner's resume
    check; readers of results use load_run)."""
    latest = read_by_trial(sorted(Path(folder).glob("trials*.jsonl")))
    return sorted(latest.values(), key=lambda r: r["trial_id"])


def finished_trial_ids(folder: Path) -> set[str]:
    """Trials that need no rerun: recorded, and not an infrastructure error."""
    return {r["trial_id"] for r in read_records(folder) if r.get("error_category") != INFRA}


def read_config(folder: Path) -> dict | None:
    """The run's config.json (None when there is none); RecordError when it is not a JSON object."""
    path = Path(folder) / "config.json"
    if not path.exists():
        return None
    try:
        config = json.loads(path.read_text(errors="replace"))
    except json.JSONDecodeError as exc:
        raise RecordError(f"{path} is not valid JSON ({exc}); restore it or move the run folder aside") from exc
    if not isinstance(config, dict):
        raise RecordError(f"{path} holds a {type(config).__name__}, not a run config object")
    return config


# condition: in tables, the condition's label (condition_labels: baseline, skill:<name>[@sha8], placebo),
# unique across every run in the table; condition_kind: the recorded kind (a record's `condition`).
TRIAL_IDS = ("run_id", "trial_id", "task_id", "model", "condition", "attempt", "condition_kind") + CONDITION_FIELDS
# 1: the records before schema_version was written (no error_phase, phase_sec). 2: no condition
# identity (condition_name, guidance_sha256, delivery, guidance_source: taken from the run's config)
# and no claim_replay. 3: no node. 4: the current ones (node: where the trial ran).
SCHEMA_VERSION = 4


class RecordError(ValueError):
    """A trial record that this version of evalrun cannot read (unknown fields, wrong types, newer schema)."""


@dataclass
class TrialRecord:
    """One trial's line in trials*.jsonl. Every field but trial_id may be missing from an older record."""

    trial_id: str
    task_id: str | None = None
    model: str | None = None
    condition: str | None = None  # the kind: baseline, skill, placebo (harness.conditions.ConditionKind)
    attempt: int = 0
    condition_name: str | None = None  # the skill's name (frontmatter, else file stem), baseline, placebo
    guidance_sha256: str | None = None  # of the exact guidance text
    delivery: str | None = None  # inline; none for the baseline
    guidance_source: str | None = None  # the skill file (for a placebo: the file it is sized like)
    exit_status: str | None = None
    error_category: str | None = None  # INFRA: the machinery failed (rerun on resume), else None
    error: str | None = None
    error_phase: str | None = None  # the trial phase an infra error happened in (harness.runner.PHASES)
    resolved: bool | None = None
    verdict: dict | None = None
    steps: int | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost_usd: float | None = None
    wall_sec: float | None = None
    phase_sec: dict[str, float] | None = None  # seconds per phase; None: not measured (schema 1)
    patch_notes: dict | None = None
    paths: dict[str, str] | None = None
    scores: dict[str, Any] = field(default_factory=dict)
    # harness.scoring.claim_replay.ClaimReplay.to_dict(); None: not replayed (not graded, or schema < 3)
    claim_replay: dict | None = None
    finished_at: float | None = None
    # where the trial ran: the host's name (local backend), or host/Ray node id (harness.backends); None: schema < 4
    node: str | None = None
    schema_version: int = SCHEMA_VERSION

    @property
    def infra(self) -> bool:
        return self.error_category == INFRA

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict, where: str = "a trial record") -> TrialRecord:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        trial = data.get("trial_id")
        name = f"{where}, trial {trial}" if isinstance(trial, str) else where
        if unknown:
            raise RecordError(
                f"{name}: unknown field(s) {', '.join(unknown)} (schema {SCHEMA_VERSION} has "
                f"{', '.join(sorted(known))}); was it written by a newer evalrun, or edited by hand?"
            )
        version = data.get("schema_version", 1)
        if not isinstance(version, int) or not 1 <= version <= SCHEMA_VERSION:
            raise RecordError(f"{name}: schema_version {version!r}; this evalrun reads 1 to {SCHEMA_VERSION}")
        for key, value in data.items():
            allowed = _FIELD_TYPES[key]
            if value is not None and not isinstance(value, allowed) or (value is None and key in _REQUIRED):
                raise RecordError(f"{name}: field {key} is {value!r}, not {' or '.join(t.__name__ for t in allowed)}")
        values = dict(data, schema_version=version)
        if values.get("scores") is None:
            values["scores"] = {}
        return cls(**values)


_REQUIRED = {"trial_id", "attempt", "schema_version"}
_NUMBER = (int, float)
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "trial_id": (str,),
    "task_id": (str,),
    "model": (str,),
    "condition": (str,),
    "attempt": (int,),
    "condition_name": (str,),
    "guidance_sha256": (str,),
    "delivery": (str,),
    "guidance_source": (str,),
    "exit_status": (str,),
    "error_category": (str,),
    "error": (str,),
    "error_phase": (str,),
    "resolved": (bool,),
    "verdict": (dict,),
    "steps": (int,),
    "input_tokens": (int,),
    "output_tokens": (int,),
    "cost_usd": _NUMBER,
    "wall_sec": _NUMBER,
    "phase_sec": (dict,),
    "patch_notes": (dict,),
    "paths": (dict,),
    "scores": (dict,),
    "claim_replay": (dict,),
    "finished_at": _NUMBER,
    "node": (str,),
    "schema_version": (int,),
}


def write_record(path: Path, record: TrialRecord) -> None:
    """Append a trial's record to a run's trial log (see append_record)."""
    append_record(path, record.to_dict())


@dataclass
class RunResults:
    """A run as its readers see it: config, and the last record of every trial (infra errors included)."""

    folder: Path
    run_id: str
    config: dict
    records: list[TrialRecord]
    rescored: dict[str, dict] = field(default_factory=dict)  # scores.jsonl (`evalrun score`), per trial

    @property
    def model(self) -> str:
        """The run's model: from its config, else from its first record."""
        return self.config.get("model") or next((r.model for r in self.records if r.model), "")

    @property
    def condition(self) -> str:
        """The run's condition(s), as labelled within the run: "baseline", "skill:backend, placebo"."""
        if self.config.get("conditions"):
            return ", ".join(dict.fromkeys(condition_labels([self]).values()))
        return self.config.get("condition") or next((r.condition for r in self.records if r.condition), "")

    def ids(self, record: TrialRecord, labels: dict[tuple, str] | None = None) -> dict:
        """The columns that identify a trial in every table built from runs (TRIAL_IDS); `condition`
        is its label among `labels` (condition_labels of every run in the table; default: this run's)."""
        labels = labels if labels is not None else condition_labels([self])
        row = {"run_id": self.run_id, "condition_kind": record.condition}
        row |= {name: getattr(record, name) for name in TRIAL_IDS[1:] if name != "condition_kind"}
        row["condition"] = labels.get(record_identity(record), record.condition)
        return row

    def finished(self) -> list[TrialRecord]:
        """The trials that count: recorded and not an infrastructure error."""
        return [r for r in self.records if not r.infra]

    def scores(self, record: TrialRecord) -> dict:
        """The trial's metrics: as rescored by `evalrun score` if it was, else as recorded."""
        return self.rescored.get(record.trial_id) or record.scores

    def file(self, record: TrialRecord, kind: str) -> Path:
        return trial_file(self.folder, record, kind)


def record_identity(record: TrialRecord) -> tuple:
    """A record's condition identity: (kind, name, sha256, delivery)."""
    return (record.condition, record.condition_name, record.guidance_sha256, record.delivery)


def condition_labels(runs: list[RunResults]) -> dict[tuple, str]:
    """record_identity -> the condition's label in a table of these runs (harness.conditions.label_conditions
    over every record, infra errors included, so that a table's labels do not depend on which trials finished),
    in the order the runs' configs list them (the order of the command line's conditions)."""
    from_configs = [
        (c.get("condition"), c.get("condition_name"), c.get("guidance_sha256"), c.get("delivery"))
        for run in runs
        for c in config_conditions(run.config)
        if c.get("condition") is not None
    ]
    from_records = [record_identity(r) for run in runs for r in run.records if r.condition is not None]
    return label_conditions([*from_configs, *from_records])


def load_run(folder: Path) -> RunResults:
    """Read a run folder: every record checked (RecordError names the file and trial), model and
    condition taken from config.json for records that do not say (records before schema 3: the
    condition's identity from the config's condition of that kind, harness.conditions.legacy_identity
    for configs before `conditions`)."""
    folder = Path(folder)
    config = read_config(folder) or {}
    by_kind: dict[str, list[dict]] = {}
    for identity in config_conditions(config):
        by_kind.setdefault(identity.get("condition"), []).append(identity)
    records = []
    for path in sorted(folder.glob("trials*.jsonl")):
        for raw in read_by_trial([path]).values():
            record = TrialRecord.from_dict(raw, where=str(path))
            record.model = record.model or config.get("model")
            record.condition = record.condition or config.get("condition")
            candidates = by_kind.get(record.condition, [])
            if record.guidance_sha256 is None and len(candidates) == 1:  # written without its identity
                for name in CONDITION_FIELDS:
                    setattr(record, name, getattr(record, name) or candidates[0].get(name))
            records.append(record)
    latest = {r.trial_id: r for r in records}  # the last record of a trial wins, across files
    scores_path = folder / "scores.jsonl"
    rescored = read_by_trial([scores_path]) if scores_path.exists() else {}
    return RunResults(
        folder, config.get("run_id") or folder.name, config, sorted(latest.values(), key=lambda r: r.trial_id), rescored
    )
