"""build_report(run_dirs, out_dir): a static HTML report that opens from disk (no server, no network).

out_dir/index.html      condition legend, leaderboard, skill effect chart and pairwise-effects chart
                        (inline SVG), per-section chart for an ablation, adherence matrix, per-task
                        grid, every trial linked
out_dir/trials/<run>/<trial>.html   one page per trial

Every number comes from harness.analysis (which reuses the scoring leaderboard and statistics);
every trial page from harness.report.trial.
"""

from __future__ import annotations

import datetime
import math
import re
import shutil
from pathlib import Path

import jinja2
import pandas as pd

from harness import __version__, analysis, paths
from harness.conditions import config_conditions
from harness.report import charts, trial
from harness.report.marks import clause_anchor
from harness.scoring import stats
from harness.scoring.registry import HEADLINE, METRICS
from harness.tasks import Task, load_tasks, task_folders

KEY_METRICS = [
    "clean_success",
    "resolved",
    "tampered",
    "banned_any",
    "false_success",
    "all_claims_supported",
    "ends_on_offer",
    "steps",
    "tokens",
    "wall_sec",
]


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("harness.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["value"] = trial.format_value
    return env


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", str(text)).strip("._") or "_"


def trial_href(run_id: str, trial_id: str) -> str:
    return f"trials/{safe_name(run_id)}/{safe_name(trial_id)}.html"


def load_report_tasks(task_ids: set[str], tasks_dir: Path | None, extra: tuple[Path, ...] = ()) -> dict[str, Task]:
    """The runs' tasks that the tasks folders (the bundled one and any --tasks-dir) still hold (for
    instructions and claim checks). Raises DuplicateTaskError when an id is in two folders."""
    root = Path(tasks_dir or paths.tasks_dir())
    wanted = sorted(task_ids & set(task_folders([root, *extra])))
    if not wanted:
        return {}
    return {task.id: task for task in load_tasks(root, wanted, tuple(extra)).tasks}


def fmt(metric: str, value, low=float("nan"), high=float("nan"), signed: bool = False) -> str:
    digits = 2 if METRICS[metric].kind == "binary" else 4 if metric == "cost_usd" else None
    return analysis.format_estimate(value, low, high, digits, signed)


def _entry_label(model: str, condition: str) -> str:
    return f"{model} · {condition}"


def _leaderboard_rows(board: pd.DataFrame, metrics: list[str]) -> list[dict]:
    rows = []
    for _, entry in board.iterrows():
        cells = []
        effect = entry["row"] == "effect"
        for metric in metrics:
            value, low, high = (analysis.as_float(entry[f"{metric}{s}"]) for s in ("", "_ci_low", "_ci_high"))
            reading = analysis.read_effect(value, low, high, METRICS[metric].higher_is_better) if effect else ""
            p = analysis.as_float(entry.get(f"{metric}_p_holm")) if effect else float("nan")
            cells.append(
                {
                    "text": fmt(metric, value, low, high, signed=effect),
                    "p": "" if math.isnan(p) else f"p_holm={p:.3f}",
                    "reading": reading,
                }
            )
        rows.append(
            {
                "row": entry["row"],
                "model": entry["model"],
                "condition": entry["condition"],
                "n_tasks": entry["n_tasks"],
                "n_trials": entry["n_trials"],
                "cells": cells,
            }
        )
    return rows


def _violators(trials: pd.DataFrame) -> dict[tuple[str, str, str], list[dict]]:
    """(model, condition, clause) -> the trials that did not fully follow the clause (its share of met
    metrics below 1), each linked to the clause's violations on its page."""
    if trials.empty:
        return {}
    scores = analysis.clause_scores(trials)
    found: dict[tuple[str, str, str], list[dict]] = {}
    for clause in analysis.adherence_metrics():
        below = scores[scores[clause] < 1].sort_values(["run_id", "task_id", "attempt"])
        for item in below.to_dict("records"):
            found.setdefault((item["model"], item["condition"], clause), []).append(
                {
                    "href": f"{trial_href(item['run_id'], item['trial_id'])}#{clause_anchor(clause)}",
                    "trial_id": item["trial_id"],
                    "run_id": item["run_id"],
                    "share": f"{item[clause]:.2f}",
                }
            )
    return found


def _adherence_table(trials: pd.DataFrame, n_boot: int) -> dict:
    table = analysis.adherence(trials, n_boot=n_boot)
    if table.empty:
        return {"columns": [], "rows": []}
    violators = _violators(trials)
    columns = list(dict.fromkeys(zip(table["model"], table["condition"], table["row"], strict=True)))
    columns.sort(key=lambda c: (c[0], c[2] == "effect", c[1] != analysis.BASELINE, c[1]))
    rows = []
    for clause, names in analysis.adherence_metrics().items():
        cells = []
        for model, condition, kind in columns:
            match = table[(table["model"] == model) & (table["condition"] == condition) & (table["clause"] == clause)]
            item = match.iloc[0]
            value, low, high = item["value"], item["ci_low"], item["ci_high"]
            if kind == "effect":
                reading = analysis.read_effect(value, low, high, True)
                text = "–" if math.isnan(value) else f"{value:+.2f}"
                style = ""
            else:
                reading = ""
                text = "–" if math.isnan(value) else f"{value:.2f}"
                style = "" if math.isnan(value) else f"background: hsl({int(value * 120)}, 60%, 85%)"
            title = f"{value:.2f} [{low:.2f}, {high:.2f}], {item['n_tasks']} task(s)"
            title = "no data" if math.isnan(value) else title
            trials_below = [] if kind == "effect" else violators.get((model, condition, clause), [])
            cell_id = f"violators-{len(rows)}-{len(cells)}"
            cells.append(
                {
                    "text": text,
                    "title": title,
                    "reading": reading,
                    "style": style,
                    "id": cell_id,
                    "violators": trials_below,
                    "label": f"{clause} · {model} · {condition}",
                }
            )
        rows.append({"clause": clause, "metrics": ", ".join(names), "cells": cells})
    headers = [{"model": m, "condition": c, "effect": k == "effect"} for m, c, k in columns]
    return {"columns": headers, "rows": rows}


def _task_grid(runs: analysis.Runs, tasks: dict[str, Task]) -> dict:
    records = runs.records
    if records.empty:
        return {"entries": [], "rows": []}
    entries = sorted(set(zip(records["model"], records["condition"], strict=True)))
    rows = []
    for task_id in sorted(records["task_id"].unique()):
        cells = []
        for model, condition in entries:
            chosen = records[
                (records["task_id"] == task_id) & (records["model"] == model) & (records["condition"] == condition)
            ].sort_values(["run_id", "attempt"])
            badges = []
            for item in chosen.itertuples():
                record = runs.record(item.run_id, item.trial_id)
                scores = record.scores
                if item.infra:
                    status, mark = "infra", "!"
                elif scores.get("clean_success"):
                    status, mark = "clean", "✓"
                elif record.resolved:
                    status, mark = "resolved", "✓"
                else:
                    status, mark = "failed", "✗"
                title = f"attempt {item.attempt}: {status}; exit {record.exit_status}"
                title += f"; {record.steps} step(s)"
                badges.append(
                    {"href": trial_href(item.run_id, item.trial_id), "status": status, "mark": mark, "title": title}
                )
            cells.append(badges)
        task = tasks.get(task_id)
        rows.append(
            {
                "task_id": task_id,
                "title": task.title if task else "",
                "category": task.category if task else "",
                "outcome": task.expected_outcome if task else "",
                "cells": cells,
            }
        )
    return {"entries": [_entry_label(m, c) for m, c in entries], "rows": rows}


def _runs_table(runs: analysis.Runs) -> list[dict]:
    rows = []
    for run_id, config in runs.configs.items():
        records = runs.records[runs.records["run_id"] == run_id]
        rows.append(
            {
                "run_id": run_id,
                "model": runs.runs[run_id].model,
                "condition": runs.runs[run_id].condition,
                "guidance": ", ".join(
                    c["guidance_source"] for c in config_conditions(config) if c.get("guidance_source")
                ),
                "trials": len(records),
                "infra": int(records["infra"].sum()) if len(records) else 0,
                "tasks": records["task_id"].nunique(),
                "version": config.get("evalrun_version", ""),
            }
        )
    return rows


def _legend(runs: analysis.Runs) -> list[dict]:
    return [
        {
            "condition": row.condition,
            "kind": row.kind,
            "name": row.name or "",
            "sha8": row.sha8,
            "sha256": row.sha256,
            "delivery": row.delivery or "",
            "source": row.source,
            "runs": row.runs,
            "trials": row.n_trials,
        }
        for row in analysis.conditions(runs).itertuples()
    ]


def _comparison_rows(frame: pd.DataFrame, label) -> list[dict]:
    return [
        {
            "line": label(item),
            "metric": item.metric,
            "text": fmt(item.metric, item.value, item.ci_low, item.ci_high, signed=True),
            "p": "" if math.isnan(item.p_holm) else f"{item.p_holm:.3f}",
            "reading": item.reading,
        }
        for item in frame.itertuples()
    ]


def _svg(figure) -> str | None:
    return charts.to_svg(figure) if figure is not None else None


def build_report(
    run_dirs: list[str | Path],
    out_dir: str | Path,
    tasks_dir: Path | None = None,
    n_boot: int = stats.N_BOOT,
    title: str = "evalrun report",
    extra_tasks_dirs: tuple[Path, ...] = (),
    exclude_tasks: frozenset[str] | set[str] = frozenset(),
) -> Path:
    """Write the report for these runs (ids or folders) into out_dir; returns index.html. The trials of
    exclude_tasks (the unstable ones) are left out of the statistics, still listed as trials."""
    runs = analysis.load_runs(run_dirs, n_boot=n_boot, exclude_tasks=exclude_tasks)
    out = Path(out_dir)
    shutil.rmtree(out / "trials", ignore_errors=True)
    (out / "trials").mkdir(parents=True, exist_ok=True)
    tasks = load_report_tasks(set(runs.records["task_id"].dropna()), tasks_dir, extra_tasks_dirs)
    env = environment()
    board = runs.leaderboard
    metrics = [m for m in HEADLINE if m in board.columns]
    key = [m for m in KEY_METRICS if m in metrics]
    effects = analysis.effects(board)
    figure = charts.effects_figure(effects)
    pairwise = effects[effects["metric"].isin(key)]
    ablation = analysis.ablation_effects(runs, key)
    trial_links = []
    ordered = runs.records.sort_values(["run_id", "task_id", "attempt"]).reset_index(drop=True)
    for item in ordered.itertuples():
        record = runs.record(item.run_id, item.trial_id)
        trial_links.append(
            {
                "href": trial_href(item.run_id, item.trial_id),
                "run_id": item.run_id,
                "trial_id": item.trial_id,
                "task_id": item.task_id,
                "model": item.model,
                "condition": item.condition,
                "attempt": item.attempt,
                "exit_status": record.exit_status,
                "resolved": bool(record.resolved),
                "clean": bool(record.scores.get("clean_success")),
                "infra": bool(item.infra),
                "steps": record.steps,
                "tokens": (record.input_tokens or 0) + (record.output_tokens or 0),
                "wall_sec": record.wall_sec,
            }
        )
    context = {
        "title": title,
        "generated": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "runs": _runs_table(runs),
        "legend": _legend(runs),
        "pairwise_svg": _svg(charts.pairwise_figure(pairwise, key)),
        "pairwise": _comparison_rows(pairwise, lambda e: _entry_label(e.model, e.condition)),
        "ablation_svg": _svg(charts.ablation_figure(ablation, key)),
        "ablation": _comparison_rows(ablation, lambda e: f"{e.model} · {e.skill} · without {e.section}"),
        "n_trials": len(runs.trials),
        "left_out": sorted(set(runs.records["task_id"].dropna()) & set(exclude_tasks)),
        "key_metrics": [{"name": m, "clause": METRICS[m].clause, "definition": METRICS[m].definition} for m in key],
        "leaderboard": _leaderboard_rows(board, key) if not board.empty else [],
        "all_metrics": [{"name": m, "clause": METRICS[m].clause, "definition": METRICS[m].definition} for m in metrics],
        "full_board": _leaderboard_rows(board, metrics) if not board.empty else [],
        "effect_svg": _svg(figure),
        "effects": [
            {
                "metric": e.metric,
                "entry": _entry_label(e.model, e.condition),
                "text": fmt(e.metric, e.value, e.ci_low, e.ci_high, signed=True),
                "p": "" if math.isnan(e.p_holm) else f"{e.p_holm:.3f}",
                "reading": e.reading,
                "clause": e.clause,
            }
            for e in effects.itertuples()
        ],
        "adherence": _adherence_table(runs.trials, n_boot),
        "grid": _task_grid(runs, tasks),
        "trials": trial_links,
        "n_boot": n_boot,
    }
    index = out / "index.html"
    index.write_text(env.get_template("index.html.j2").render(**context))
    page = env.get_template("trial.html.j2")
    for position, link in enumerate(trial_links):
        record = runs.record(link["run_id"], link["trial_id"])
        config = runs.configs.get(link["run_id"], {})
        task_hash = (config.get("tasks") or {}).get(link["task_id"])
        scores = runs.runs[link["run_id"]].scores(record)
        view = trial.load(
            runs.folder(link["run_id"]), record, tasks.get(link["task_id"]), link["run_id"], task_hash, scores
        )
        target = out / link["href"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            page.render(
                title=f"{link['trial_id']} · {link['run_id']}",
                trial=view,
                link=link,
                home="../../index.html",
                previous=_relative(trial_links[position - 1]) if position > 0 else None,
                next=_relative(trial_links[position + 1]) if position + 1 < len(trial_links) else None,
                version=__version__,
            )
        )
    return index


def _relative(link: dict) -> str:
    return "../../" + link["href"]
