"""The leaderboard: trial scores from runs -> one row per (model, condition) + skill-effect rows.

Conditions are named by their labels (harness.conditions: baseline, skill:<name>[@sha8], placebo),
so two different skill texts are never one row.

Condition rows: every headline metric as the mean of per-task means with a 95% cluster-bootstrap
CI (columns <metric>, <metric>_ci_low, <metric>_ci_high). Effect rows (one per model and treated
condition — "skill" (the bundled skill or a --skill file), "placebo" — against "baseline"): the
paired difference treated − baseline over shared tasks with its CI, a p-value (<metric>_p: exact McNemar on attempt
pairs for binary metrics, Wilcoxon signed-rank on per-task differences otherwise) and the
normalized gain for resolved.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from harness.conditions import ConditionKind
from harness.results import TRIAL_IDS, RunResults, TrialRecord, condition_labels
from harness.results import load_run as load_results
from harness.scoring import stats
from harness.scoring.registry import HEADLINE, METRICS

ID_COLUMNS = list(TRIAL_IDS)
# Fallbacks from the trial record when a trial was recorded without scores (e.g. never graded).
RECORD_FALLBACK = ("resolved", "steps", "input_tokens", "output_tokens", "cost_usd", "wall_sec")
BASELINE = ConditionKind.BASELINE


def load_run(folder: Path) -> pd.DataFrame:
    """One row per finished, non-infra trial: ids and every registered metric."""
    return trial_frame([load_results(folder)])


def trial_frame(runs: list[RunResults]) -> pd.DataFrame:
    """The leaderboard's input from loaded runs: one row per finished, non-infra trial."""
    labels = condition_labels(runs)
    order = {label: index for index, label in enumerate(dict.fromkeys(labels.values()))}
    rows = []
    for run in runs:
        for record in run.finished():
            rows.append(_trial_row(run, record, labels))
    rows.sort(key=lambda row: order.get(row["condition"], len(order)))  # stable: conditions in command-line order
    return pd.DataFrame(rows, columns=ID_COLUMNS + list(METRICS))


def _trial_row(run: RunResults, record: TrialRecord, labels: dict[tuple, str]) -> dict:
    scores = run.scores(record)
    row = run.ids(record, labels)
    row |= {name: scores.get(name) for name in METRICS}
    for name in RECORD_FALLBACK:
        if row.get(name) is None and getattr(record, name) is not None:
            row[name] = getattr(record, name)
    if row.get("tokens") is None and row.get("input_tokens") is not None and row.get("output_tokens") is not None:
        row["tokens"] = row["input_tokens"] + row["output_tokens"]
    return row


def load_runs(folders: list[Path]) -> pd.DataFrame:
    return trial_frame([load_results(folder) for folder in folders])


def _is_treated(condition: str) -> bool:
    return condition != BASELINE


def build(
    trials: pd.DataFrame, metrics: list[str] | None = None, n_boot: int = stats.N_BOOT, seed: int = stats.SEED
) -> pd.DataFrame:
    """The leaderboard table (condition rows, then effect rows per model)."""
    metrics = metrics or HEADLINE
    rows = []
    for (model, condition), group in trials.groupby(["model", "condition"], sort=True):
        row = {"row": "condition", "model": model, "condition": condition}
        row |= {"n_tasks": group["task_id"].nunique(), "n_trials": len(group)}
        for metric in metrics:
            estimate = stats.summarize(group, metric, n_boot, seed)
            row |= {metric: estimate.value, f"{metric}_ci_low": estimate.low, f"{metric}_ci_high": estimate.high}
        rows.append(row)
    for model, group in trials.groupby("model", sort=True):
        control = group[group["condition"] == BASELINE]
        if control.empty:
            continue
        for condition in sorted(c for c in group["condition"].unique() if _is_treated(c)):
            treated = group[group["condition"] == condition]
            shared = set(treated["task_id"]) & set(control["task_id"])
            row = {"row": "effect", "model": model, "condition": f"{condition} - {BASELINE}"}
            pairs = treated.merge(control, on=["task_id", "attempt"])
            row |= {"n_tasks": len(shared), "n_trials": len(pairs)}
            for metric in metrics:
                estimate = stats.paired_difference(treated, control, metric, n_boot, seed)
                row |= {metric: estimate.value, f"{metric}_ci_low": estimate.low, f"{metric}_ci_high": estimate.high}
                if METRICS[metric].kind == "binary":
                    row[f"{metric}_p"] = stats.mcnemar(treated, control, metric).p_value
                else:
                    row[f"{metric}_p"] = stats.wilcoxon_p(treated, control, metric)
            gain = stats.normalized_gain(treated, control, "resolved", n_boot, seed)
            row |= {
                "resolved_norm_gain": gain.value,
                "resolved_norm_gain_ci_low": gain.low,
                "resolved_norm_gain_ci_high": gain.high,
            }
            rows.append(row)
    columns = ["row", "model", "condition", "n_tasks", "n_trials"]
    for metric in metrics:
        columns += [metric, f"{metric}_ci_low", f"{metric}_ci_high", f"{metric}_p"]
    columns += ["resolved_norm_gain", "resolved_norm_gain_ci_low", "resolved_norm_gain_ci_high"]
    return pd.DataFrame(rows).reindex(columns=columns)
