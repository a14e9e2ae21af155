"""Runs as pandas tables, for the HTML report and notebooks/analysis.ipynb (one loader, no copies).

    runs = load_runs(["oracle__baseline", "results/smollm2__skill"])   # run ids or folders
    runs.trials        # one row per finished, non-infra trial: ids, run folder, exit status, every metric
    runs.records       # every recorded trial (infra errors included), as recorded
    runs.leaderboard   # harness.scoring.leaderboard.build(runs.trials)
    effects(runs.leaderboard)          # skill effect per metric, long form, with CI and p
    conditions(runs)                   # the condition legend: label, kind, name, sha8, delivery, source
    ablation_effects(runs)             # per removed section (harness.ablate variants): its effect per metric
    adherence(runs.trials)             # per (model, condition) and skill clause: adherence rate with CI

Statistics come from harness.scoring.stats / leaderboard (cluster bootstrap over tasks, paired
differences); this module only reshapes them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from harness import ablate, paths
from harness.results import TRIAL_IDS, RunResults, TrialRecord, condition_labels, is_run_dir, load_run, resolve_run
from harness.scoring import leaderboard, stats
from harness.scoring.registry import COST, HEADLINE, METRICS

BASELINE = leaderboard.BASELINE
# Count metrics that measure size, not a violation: zero is not "adhered".
SIZE_METRICS = {"src_lines_added", "src_lines_removed", "src_lines_changed", "files_touched", "src_files_touched"}
RECORD_COLUMNS = ["exit_status", "error_category", "error"]


def discover_runs(root: str | Path | None = None) -> list[Path]:
    """Run folders at root, under it, or one level deeper (results/samples/<run>); default: the results folder."""
    root = Path(root or paths.results_dir())
    if is_run_dir(root):
        return [root]
    if not root.is_dir():
        return []
    found = []
    for child in sorted(p for p in root.iterdir() if p.is_dir()):
        if is_run_dir(child):
            found.append(child)
        else:
            found += sorted(p for p in child.iterdir() if is_run_dir(p))
    return found


@dataclass
class Runs:
    folders: list[Path]
    configs: dict[str, dict]  # run_id -> config.json
    records: pd.DataFrame  # every record (infra errors too): ids, record fields, run_dir
    trials: pd.DataFrame  # leaderboard input: finished non-infra trials, every metric flattened
    leaderboard: pd.DataFrame
    raw: dict[tuple[str, str], TrialRecord] = field(default_factory=dict, repr=False)  # by (run_id, trial_id)
    runs: dict[str, RunResults] = field(default_factory=dict, repr=False)  # run_id -> the run as loaded

    def record(self, run_id: str, trial_id: str) -> TrialRecord:
        return self.raw[(run_id, trial_id)]

    def folder(self, run_id: str) -> Path:
        return Path(self.records.loc[self.records["run_id"] == run_id, "run_dir"].iloc[0])


def load_runs(
    refs: list[str | Path],
    n_boot: int = stats.N_BOOT,
    seed: int = stats.SEED,
    exclude_tasks: frozenset[str] | set[str] = frozenset(),
) -> Runs:
    """Load run folders (ids or paths) into tables; the leaderboard is computed once here. The trials of
    exclude_tasks (the unstable ones) are left out of `trials` and the leaderboard, kept in `records`."""
    folders = list(dict.fromkeys(resolve_run(ref).resolve() for ref in refs))  # each run once
    loaded = [load_run(folder) for folder in folders]
    labels = condition_labels(loaded)
    configs: dict[str, dict] = {}
    raw: dict[tuple[str, str], TrialRecord] = {}
    rows = []
    for run in loaded:
        configs[run.run_id] = run.config
        for record in run.records:
            raw[(run.run_id, record.trial_id)] = record
            rows.append(
                {
                    **run.ids(record, labels),
                    "run_dir": str(run.folder),
                    "resolved": record.resolved,
                    "infra": record.infra,
                    **{name: getattr(record, name) for name in RECORD_COLUMNS},
                }
            )
    records = pd.DataFrame(
        rows,
        columns=[*TRIAL_IDS, "run_dir", "resolved", "infra"] + RECORD_COLUMNS,
    )
    trials = leaderboard.trial_frame(loaded, exclude_tasks)
    if not trials.empty:
        extra = records[["run_id", "trial_id", "run_dir"] + RECORD_COLUMNS]
        trials = trials.merge(extra, on=["run_id", "trial_id"], how="left")
    else:
        trials = trials.reindex(columns=list(trials.columns) + ["run_dir"] + RECORD_COLUMNS)
    board = leaderboard.build(trials, n_boot=n_boot, seed=seed) if not trials.empty else pd.DataFrame()
    return Runs(folders, configs, records, trials, board, raw, {run.run_id: run for run in loaded})


# -- reshaping the leaderboard ----------------------------------------------------------------------
def long_form(board: pd.DataFrame, row: str = "condition", metrics: list[str] | None = None) -> pd.DataFrame:
    """Leaderboard rows of one kind ("condition" or "effect") as one line per (model, condition, metric)."""
    columns = [
        "model",
        "condition",
        "metric",
        "family",
        "clause",
        "kind",
        "higher_is_better",
        "value",
        "ci_low",
        "ci_high",
        "p",
        "p_perm",
        "p_holm",
        "n_tasks",
        "n_trials",
    ]
    if board.empty:
        return pd.DataFrame(columns=columns)
    metrics = [m for m in (metrics or HEADLINE) if m in board.columns]
    lines = []
    for _, entry in board[board["row"] == row].iterrows():
        for metric in metrics:
            info = METRICS[metric]
            lines.append(
                {
                    "model": entry["model"],
                    "condition": entry["condition"],
                    "metric": metric,
                    "family": info.family,
                    "clause": info.clause,
                    "kind": info.kind,
                    "higher_is_better": info.higher_is_better,
                    "value": as_float(entry[metric]),
                    "ci_low": as_float(entry[f"{metric}_ci_low"]),
                    "ci_high": as_float(entry[f"{metric}_ci_high"]),
                    "p": as_float(entry.get(f"{metric}_p")),
                    "p_perm": as_float(entry.get(f"{metric}_p_perm")),
                    "p_holm": as_float(entry.get(f"{metric}_p_holm")),
                    "n_tasks": entry["n_tasks"],
                    "n_trials": entry["n_trials"],
                }
            )
    return pd.DataFrame(lines, columns=columns)


def effects(board: pd.DataFrame, metrics: list[str] | None = None) -> pd.DataFrame:
    """Effect rows (each comparison, paired over tasks) per metric, with a plain-words reading."""
    frame = long_form(board, "effect", metrics)
    frame["reading"] = [read_effect(r.value, r.ci_low, r.ci_high, r.higher_is_better) for r in frame.itertuples()]
    return frame


def conditions(runs: Runs) -> pd.DataFrame:
    """The condition legend: one row per condition label of these runs (in table order), with its
    identity (kind, name, sha8 of the exact text, delivery mode), the file it came from (a placebo:
    the file it is sized like), the runs and models it was run in and its recorded trials. The baseline
    has no sha (it delivers no text)."""
    columns = ["condition", "kind", "name", "sha8", "sha256", "delivery", "source", "runs", "models", "n_trials"]
    records = runs.records
    if records.empty:
        return pd.DataFrame(columns=columns)
    order = list(dict.fromkeys(runs.trials["condition"])) if not runs.trials.empty else []
    lines = []
    for label, group in records.groupby("condition", sort=False):
        first = group.iloc[0]
        sha = first["guidance_sha256"] if isinstance(first["guidance_sha256"], str) else ""
        sha = "" if first["condition_kind"] == BASELINE else sha  # the baseline delivers no text
        lines.append(
            {
                "condition": label,
                "kind": first["condition_kind"],
                "name": first["condition_name"],
                "sha8": sha[:8],
                "sha256": sha,
                "delivery": first["delivery"],
                "source": first["guidance_source"] or "",
                "runs": ", ".join(dict.fromkeys(group["run_id"])),
                "models": ", ".join(dict.fromkeys(group["model"])),
                "n_trials": len(group),
            }
        )
    lines.sort(
        key=lambda line: (
            line["kind"] != BASELINE,
            order.index(line["condition"]) if line["condition"] in order else len(order),
        )
    )
    return pd.DataFrame(lines, columns=columns)


def ablation_effects(runs: Runs, metrics: list[str] | None = None) -> pd.DataFrame:
    """The effect of removing each section of a skill, per model and metric, when the runs hold the
    full skill and variants written by `evalrun skill ablate` (found by the ablation.json beside the
    variants' folders, harness.ablate.removed_sections, and matched by sha256 and delivery): the
    leaderboard's paired effect `variant - full skill` (its sign turned when the table holds
    `full - variant`), with its CI and p_holm. Empty when the runs hold no ablation."""
    columns = ["model", "skill", "section", "variant", "metric", "kind", "higher_is_better", "value", "ci_low"]
    columns += ["ci_high", "p_holm", "reading", "n_tasks"]
    legend = conditions(runs)
    if legend.empty or runs.leaderboard.empty:
        return pd.DataFrame(columns=columns)
    removed = ablate.removed_sections(list(legend["source"]))
    by_text = {(row.sha256, row.delivery): row.condition for row in legend.itertuples() if row.sha256}
    table = effects(runs.leaderboard, metrics)
    lines = []
    in_skill_order = sorted(
        legend.itertuples(), key=lambda row: list(removed).index(row.sha256) if row.sha256 in removed else 0
    )
    for row in in_skill_order:
        if row.sha256 not in removed:
            continue
        full_sha, section = removed[row.sha256]
        full = by_text.get((full_sha, row.delivery))
        if full is None:
            continue  # the full skill was not run beside this variant: nothing to compare with
        for sign, name in ((1, f"{row.condition} - {full}"), (-1, f"{full} - {row.condition}")):
            for item in table[table["condition"] == name].itertuples():
                value = sign * item.value
                low, high = (item.ci_low, item.ci_high) if sign > 0 else (-item.ci_high, -item.ci_low)
                lines.append(
                    {
                        "model": item.model,
                        "skill": full,
                        "section": section,
                        "variant": row.condition,
                        "metric": item.metric,
                        "kind": item.kind,
                        "higher_is_better": item.higher_is_better,
                        "value": value,
                        "ci_low": low,
                        "ci_high": high,
                        "p_holm": item.p_holm,
                        "reading": read_effect(value, low, high, item.higher_is_better),
                        "n_tasks": item.n_tasks,
                    }
                )
    return pd.DataFrame(lines, columns=columns)


def read_effect(value: float, low: float, high: float, higher_is_better: bool | None) -> str:
    """ "better" / "worse" when the 95% CI excludes 0, "no clear change" otherwise."""
    if any(math.isnan(x) for x in (value, low, high)):
        return "no data"
    if low <= 0 <= high:
        return "no clear change"
    if higher_is_better is None:
        return "higher" if low > 0 else "lower"
    return "better" if (low > 0) == higher_is_better else "worse"


def as_float(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return number


# -- clause adherence ----------------------------------------------------------------------------
def adherence_metrics() -> dict[str, list[str]]:
    """Skill clause -> metrics that say, per trial, whether the clause was followed.

    Binary metrics with a direction (the good value is adherence) and violation counts (zero is
    adherence); size counts and cost are not adherence.
    """
    clauses: dict[str, list[str]] = {}
    for name, metric in METRICS.items():
        if metric.clause == COST or metric.family == "cost" or metric.higher_is_better is None:
            continue
        if metric.kind == "binary" or (
            metric.kind == "count" and metric.higher_is_better is False and name not in SIZE_METRICS
        ):
            clauses.setdefault(metric.clause, []).append(name)
    return clauses


def _indicator(name: str, values: pd.Series) -> pd.Series:
    """1.0 where the trial met the metric's side of its clause, 0.0 where not, NaN where unmeasured."""
    metric = METRICS[name]
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    if metric.kind == "binary":
        return numbers if metric.higher_is_better else 1.0 - numbers
    return (numbers == 0).astype(float).where(numbers.notna())


def adhered(name: str, value) -> bool | None:
    """One trial's value of an adherence metric read as followed (True) / not (False); None otherwise."""
    if not any(name in names for names in adherence_metrics().values()):
        return None
    result = _indicator(name, pd.Series([value], dtype=object)).iloc[0]
    return None if math.isnan(result) else bool(result)


def clause_scores(trials: pd.DataFrame) -> pd.DataFrame:
    """Per trial and clause: the share of the clause's adherence metrics that were met (NaN: not measured)."""
    frame = trials[list(TRIAL_IDS)].copy()
    for clause, names in adherence_metrics().items():
        indicators = pd.concat([_indicator(n, trials[n]) for n in names], axis=1)
        frame[clause] = indicators.mean(axis=1, skipna=True)
    return frame


def adherence(trials: pd.DataFrame, n_boot: int = stats.N_BOOT, seed: int = stats.SEED) -> pd.DataFrame:
    """Long table: per (model, condition) and clause the adherence rate with a 95% CI over tasks;
    plus a row per comparison (leaderboard.comparisons, row="effect") with the paired difference."""
    columns = ["row", "model", "condition", "clause", "metrics", "value", "ci_low", "ci_high", "n_tasks"]
    if trials.empty:
        return pd.DataFrame(columns=columns)
    scores = clause_scores(trials)
    clauses = adherence_metrics()
    lines = []
    for (model, condition), group in scores.groupby(["model", "condition"], sort=True):
        for clause, names in clauses.items():
            estimate = stats.summarize(group, clause, n_boot, seed)
            lines.append(["condition", model, condition, clause, ", ".join(names), *_estimate(estimate)])
    for model, group in scores.groupby("model", sort=True):
        for name, control_name in leaderboard.comparisons(leaderboard.ordered_conditions(group)):
            treated, control = group[group["condition"] == name], group[group["condition"] == control_name]
            if not set(treated["task_id"]) & set(control["task_id"]):
                continue
            for clause, names in clauses.items():
                estimate = stats.paired_difference(treated, control, clause, n_boot, seed)
                lines.append(
                    ["effect", model, f"{name} - {control_name}", clause, ", ".join(names), *_estimate(estimate)]
                )
    return pd.DataFrame(lines, columns=columns)


def _estimate(estimate: stats.Estimate) -> list:
    return [estimate.value, estimate.low, estimate.high, estimate.n_tasks]


# -- per task and cost -----------------------------------------------------------------------------
def per_task(trials: pd.DataFrame, metric: str = "resolved") -> pd.DataFrame:
    """Task x (model, condition): the metric's mean over attempts (the per-task means the CIs resample)."""
    if trials.empty:
        return pd.DataFrame()
    columns = {}
    for (model, condition), group in trials.groupby(["model", "condition"], sort=True):
        columns[(model, condition)] = stats.task_means(group, metric)
    table = pd.DataFrame(columns)
    table.index.name = "task_id"
    table.columns = pd.MultiIndex.from_tuples(table.columns, names=["model", "condition"])
    return table.sort_index()


def cost(board: pd.DataFrame) -> pd.DataFrame:
    """Cost metrics per (model, condition) and the skill's extra cost (effect rows), long form."""
    names = [m for m in HEADLINE if METRICS[m].family == "cost"]
    frames = [long_form(board, "condition", names).assign(row="condition"), effects(board, names).assign(row="effect")]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else long_form(board, "condition", names)


def format_estimate(value, low=float("nan"), high=float("nan"), digits: int | None = None, signed=False) -> str:
    """`0.42 [0.30, 0.55]`; `-` for no data. Without digits: 2, or fewer for large magnitudes."""
    value, low, high = as_float(value), as_float(low), as_float(high)
    if math.isnan(value):
        return "-"
    if digits is None:
        magnitude = max(abs(x) for x in (value, low, high) if not math.isnan(x))
        digits = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2
    text = f"{value:{'+' if signed else ''}.{digits}f}"
    if not (math.isnan(low) or math.isnan(high)) and (low != value or high != value):
        text += f" [{low:.{digits}f}, {high:.{digits}f}]"
    return text
