"""Hugging Face datasets: the task set and run results as parquet, and tasks back from such an export.

    export_tasks(tasks, out)        out/tasks.parquet + out/README.md (dataset card); one row per task
    export_results(run_dirs, out)   out/trials.parquet + out/README.md; one row per trial record
    materialize_dataset(source)     a tasks folder rebuilt from a task export (for `evalrun --dataset`)

A task row holds the browsable view (metadata, instruction, the materialized buggy repository,
hidden tests, gold and wrong patches) and the task's files as they are on disk (`task_files`,
`service_files` for a shared base service, `client_files` for a black-box task's
tasks/_clients/<service>/), so that re-importing gives back tasks with the same
content_hash() and hidden tests. Files are {path, content, encoding, executable}: text as UTF-8,
anything else base64.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

import datasets
import pyarrow as pa
import pyarrow.parquet as pq

from harness import paths
from harness.patches import content_files
from harness.results import RunResults, TrialRecord, condition_labels, load_run, resolve_run
from harness.scoring.registry import METRICS
from harness.tasks import CLIENTS_DIR, Limits, Task, load_tasks

TASKS_FILE = "tasks.parquet"
TRIALS_FILE = "trials.parquet"
FILE = {
    "path": datasets.Value("string"),
    "content": datasets.Value("string"),
    "encoding": datasets.Value("string"),  # utf-8 | base64
    "executable": datasets.Value("bool"),
}
LIMIT_TYPES = {"cpus": "float64"}
TASK_FEATURES = datasets.Features(
    {
        "id": datasets.Value("string"),
        "title": datasets.Value("string"),
        "category": datasets.Value("string"),
        "difficulty": datasets.Value("string"),
        "language": datasets.Value("string"),
        "skill_rules": [datasets.Value("string")],
        "expected_outcome": datasets.Value("string"),
        "fail_to_pass": [datasets.Value("string")],
        "pass_to_pass": [datasets.Value("string")],
        "limits": {name: datasets.Value(LIMIT_TYPES.get(name, "int64")) for name in Limits.__dataclass_fields__},
        "protected_paths": [datasets.Value("string")],
        "content_hash": datasets.Value("string"),
        "instruction": datasets.Value("string"),
        "repo_files": [FILE],
        "hidden_tests": [FILE],
        "gold_patch": datasets.Value("string"),
        "wrong_patches": [{"name": datasets.Value("string"), "content": datasets.Value("string")}],
        "service": datasets.Value("string"),
        "service_files": [FILE],
        "task_files": [FILE],
        "client_files": [FILE],  # black-box tasks: tasks/_clients/<service>/ (service.toml, client fixtures)
    }
)
KIND_TYPES = {"binary": "bool", "count": "int64", "continuous": "float64", "label": "string"}
SCORE_FEATURES = {name: datasets.Value(KIND_TYPES[metric.kind]) for name, metric in METRICS.items()}
TRIAL_FEATURES = datasets.Features(
    {
        "run_id": datasets.Value("string"),
        "trial_id": datasets.Value("string"),
        "task_id": datasets.Value("string"),
        "model": datasets.Value("string"),
        "condition": datasets.Value("string"),  # the label: baseline, skill:<name>[@sha8], placebo
        "attempt": datasets.Value("int64"),
        "condition_kind": datasets.Value("string"),
        "condition_name": datasets.Value("string"),
        "guidance_sha256": datasets.Value("string"),
        "delivery": datasets.Value("string"),
        "guidance_source": datasets.Value("string"),
        "task_content_hash": datasets.Value("string"),
        "exit_status": datasets.Value("string"),
        "error_category": datasets.Value("string"),
        "error": datasets.Value("string"),
        "resolved": datasets.Value("bool"),
        "steps": datasets.Value("int64"),
        "input_tokens": datasets.Value("int64"),
        "output_tokens": datasets.Value("int64"),
        "cost_usd": datasets.Value("float64"),
        "wall_sec": datasets.Value("float64"),
        "finished_at": datasets.Value("float64"),
        "scores": SCORE_FEATURES,
        "verdict": datasets.Value("string"),  # JSON
        "claim_replay": datasets.Value("string"),  # JSON (harness.scoring.claim_replay.ClaimReplay), null: none
        "patch_notes": datasets.Value("string"),  # JSON
        "patch": datasets.Value("string"),
        "report": datasets.Value("string"),
        "trajectory": datasets.Value("string"),  # JSON (harness.trajectory.Trajectory.to_dict)
        "run_config": datasets.Value("string"),  # JSON (config.json)
    }
)


class DatasetError(Exception):
    """An export cannot be read back as tasks. The message says what is wrong and what to do."""


# -- files -----------------------------------------------------------------------------------------
def file_entry(rel: str, content: bytes, executable: bool = False) -> dict:
    try:
        return {"path": rel, "content": content.decode("utf-8"), "encoding": "utf-8", "executable": executable}
    except UnicodeDecodeError:
        return {
            "path": rel,
            "content": base64.b64encode(content).decode("ascii"),
            "encoding": "base64",
            "executable": executable,
        }


def folder_entries(root: Path) -> list[dict]:
    """Every file under root (caches and .git left out), repo-relative, sorted."""
    entries = []
    for path in content_files(Path(root)):
        rel = path.relative_to(root)
        entries.append(file_entry(rel.as_posix(), path.read_bytes(), os.access(path, os.X_OK)))
    return entries


def entry_bytes(entry: dict) -> bytes:
    if entry["encoding"] == "base64":
        return base64.b64decode(entry["content"])
    return entry["content"].encode("utf-8")


def write_entries(root: Path, entries: list[dict], what: str) -> None:
    for entry in entries:
        rel = PurePosixPath(entry["path"])
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise DatasetError(f"{what}: file path {entry['path']!r} leaves its folder; the export is corrupt")
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(entry_bytes(entry))
        target.chmod(0o755 if entry.get("executable") else 0o644)


# -- tasks -----------------------------------------------------------------------------------------
def task_row(task: Task) -> dict:
    with tempfile.TemporaryDirectory(prefix="evalrun-export-") as tmp:
        repo = task.materialize(Path(tmp) / "repo")
        repo_entries = folder_entries(repo)
    hidden = [file_entry(rel, content) for rel, content in task.hidden_test_files().items()]
    gold = task.solution_patch
    return {
        "id": task.id,
        "title": task.title,
        "category": task.category,
        "difficulty": task.difficulty,
        "language": task.language,
        "skill_rules": list(task.skill_rules),
        "expected_outcome": task.expected_outcome,
        "fail_to_pass": list(task.fail_to_pass),
        "pass_to_pass": list(task.pass_to_pass),
        "limits": {name: getattr(task.limits, name) for name in Limits.__dataclass_fields__},
        "protected_paths": list(task.extra_protected),
        "content_hash": task.content_hash(),
        "instruction": task.instruction,
        "repo_files": repo_entries,
        "hidden_tests": hidden,
        "gold_patch": gold.read_text() if gold else "",
        "wrong_patches": [{"name": p.name, "content": p.read_text()} for p in task.wrong_patches],
        "service": task.service or "",
        "service_files": folder_entries(task.service_dir) if task.service else [],
        "task_files": folder_entries(task.dir),
        "client_files": folder_entries(task.client_dir) if task.tests_mode == "black-box" else [],
    }


def export_tasks(tasks: list[Task], out: str | Path) -> Path:
    """Write the tasks as a datasets.Dataset in parquet (out/tasks.parquet) with a dataset card."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = [task_row(task) for task in sorted(tasks, key=lambda t: t.id)]
    datasets.disable_progress_bars()
    dataset = datasets.Dataset.from_list(rows, features=TASK_FEATURES)
    target = out / TASKS_FILE
    dataset.to_parquet(str(target))
    _write_card(out, TASKS_FILE, TASK_CARD.format(count=len(rows)))
    return target


def read_rows(source: str | Path, name: str = TASKS_FILE) -> list[dict]:
    """Rows of an export: a parquet file, or a folder holding `name` (or parquet shards under data/)."""
    source = Path(source)
    if source.is_file():
        files = [source]
    elif (source / name).is_file():
        files = [source / name]
    else:
        files = sorted(source.glob("data/*.parquet")) or sorted(source.glob("*.parquet"))
    if not files:
        raise DatasetError(f"no {name} (or parquet shards under data/) in {source}; export with `evalrun export tasks`")
    rows = []
    for path in files:
        try:
            rows += pq.read_table(path).to_pylist()
        except (pa.ArrowException, OSError) as exc:
            raise DatasetError(
                f"{path} is not a readable parquet file ({exc}); export again with `evalrun export tasks`"
            ) from exc
    return rows


def materialize_dataset(source: str | Path, dest: str | Path | None = None) -> Path:
    """A tasks folder rebuilt from a task export; tasks load with load_tasks and keep their content hash.

    Without dest the folder is cached under the evalrun cache, keyed by the export's content, so
    repeated runs reuse it.
    """
    rows = read_rows(source)
    missing = {"id", "task_files", "service", "service_files", "content_hash"} - set(rows[0] if rows else {})
    if not rows or missing:
        raise DatasetError(
            f"{source} is not an evalrun task export (missing columns: {', '.join(sorted(missing)) or 'all rows'}); "
            "create one with `evalrun export tasks --out DIR`"
        )
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:16]
    final = Path(dest) if dest else paths.cache_dir() / "datasets" / digest
    marker = final / ".complete"
    if marker.is_file() and marker.read_text().strip() == digest:
        return final
    if final.exists() and not marker.is_file() and any(final.iterdir()):
        raise DatasetError(f"{final} exists and is not an earlier import: pass an empty or new folder")
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        services: dict[str, list[dict]] = {}
        clients: dict[str, list[dict]] = {}
        for row in rows:
            task_id = row["id"]
            if not task_id or "/" in task_id or task_id.startswith((".", "_")):
                raise DatasetError(f"task id {task_id!r} in {source} is not a plain folder name; the export is corrupt")
            write_entries(staging / task_id, row["task_files"], f"task {task_id}")
            if row["service"]:
                known = services.setdefault(row["service"], row["service_files"])
                if _canonical(known) != _canonical(row["service_files"]):
                    raise DatasetError(f"task {task_id}: service {row['service']} differs from another task's copy")
            if row.get("client_files"):  # absent from exports made before black-box mode
                client = row["service"] or task_id
                known = clients.setdefault(client, row["client_files"])
                if _canonical(known) != _canonical(row["client_files"]):
                    raise DatasetError(f"task {task_id}: the client files of {client} differ from another task's copy")
        for service, entries in services.items():
            write_entries(staging / "_services" / service, entries, f"service {service}")
        for client, entries in clients.items():
            write_entries(staging / CLIENTS_DIR / client, entries, f"client files of {client}")
        _check(staging, rows, source)
        (staging / ".complete").write_text(digest + "\n")
        if final.exists():
            shutil.rmtree(final)
        os.replace(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _canonical(entries: list[dict]) -> list[tuple]:
    return sorted((e["path"], e["content"], e["encoding"]) for e in entries)


def _check(root: Path, rows: list[dict], source: str | Path) -> None:
    task_set = load_tasks(root)
    if task_set.errors:
        raise DatasetError(f"tasks from {source} do not load: " + "; ".join(str(e) for e in task_set.errors))
    loaded = {task.id: task for task in task_set.tasks}
    for row in rows:
        task = loaded[row["id"]]
        if task.content_hash() != row["content_hash"]:
            raise DatasetError(
                f"task {row['id']} from {source} has content hash {task.content_hash()}, the export says "
                f"{row['content_hash']}; the export is corrupt or was edited: export it again"
            )


# -- results ---------------------------------------------------------------------------------------
def _score(name: str, value):
    if value is None:
        return None
    kind = METRICS[name].kind
    if kind == "binary":
        return bool(value)
    if kind == "count":
        return int(value)
    if kind == "continuous":
        return float(value)
    return str(value)


def trial_row(run: RunResults, record: TrialRecord, labels: dict[tuple, str] | None = None) -> dict:
    def text(kind: str) -> str:
        path = run.file(record, kind)
        return path.read_text(errors="replace") if path.is_file() else ""

    config, scores = run.config, run.scores(record)
    return {
        **run.ids(record, labels),
        "task_content_hash": (config.get("tasks") or {}).get(record.task_id),
        "exit_status": record.exit_status,
        "error_category": record.error_category,
        "error": record.error,
        "resolved": record.resolved,
        "steps": record.steps,
        "input_tokens": record.input_tokens,
        "output_tokens": record.output_tokens,
        "cost_usd": record.cost_usd,
        "wall_sec": record.wall_sec,
        "finished_at": record.finished_at,
        "scores": {name: _score(name, scores.get(name)) for name in METRICS},
        "verdict": json.dumps(record.verdict, sort_keys=True),
        "claim_replay": None if record.claim_replay is None else json.dumps(record.claim_replay, sort_keys=True),
        "patch_notes": json.dumps(record.patch_notes, sort_keys=True),
        "patch": text("patch"),
        "report": text("report"),
        "trajectory": text("trajectory"),
        "run_config": json.dumps(config, sort_keys=True),
    }


def export_results(run_dirs: list[str | Path], out: str | Path, include_infra: bool = True) -> Path:
    """Write every trial record of the runs (ids or folders) as a dataset (out/trials.parquet)."""
    runs = [load_run(resolve_run(ref)) for ref in run_dirs]
    labels = condition_labels(runs)
    rows = []
    for run in runs:
        for record in run.records if include_infra else run.finished():
            rows.append(trial_row(run, record, labels))
    if not rows:
        raise DatasetError(f"the runs {', '.join(map(str, run_dirs))} hold no trial record: nothing to export")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / TRIALS_FILE
    datasets.disable_progress_bars()
    datasets.Dataset.from_list(rows, features=TRIAL_FEATURES).to_parquet(str(target))
    _write_card(out, TRIALS_FILE, TRIAL_CARD.format(count=len(rows), runs=len(run_dirs)))
    return target


def _write_card(out: Path, data_file: str, body: str) -> None:
    header = f"---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: {data_file}\n---\n\n"
    (out / "README.md").write_text(header + body)


TASK_CARD = """# evalrun tasks

{count} buggy backend tasks for evaluating whether a coding agent follows a working-discipline skill.
One row per task: metadata, the instruction the agent gets, the buggy repository (`repo_files`),
the hidden tests, the gold patch and known-wrong patches. `task_files` / `service_files` /
`client_files` (black-box tasks: how the service is served and the hidden tests' client fixtures)
hold the task folder as authored; `evalrun --dataset DIR` rebuilds the tasks from them and runs on them.
File entries are `{{path, content, encoding, executable}}`; `encoding` is `utf-8` or `base64`.
"""

TRIAL_CARD = """# evalrun results

{count} trial records from {runs} run(s). One row per trial: ids, exit status, cost, every metric
(`scores`, see docs/metrics.md), the verdict (JSON), the claim replay (JSON, null when none was
recorded), the agent's patch, its final report and its trajectory (JSON).
"""
