"""The leaderboard: trial scores from runs -> one row per (model, condition) + effect rows.

Conditions are named by their labels (harness.conditions: baseline, skill:<name>[@sha8], placebo),
so two different skill texts are never one row. Condition rows: every headline metric as the mean
of per-task means with a 95% cluster-bootstrap CI (columns <metric>, <metric>_ci_low,
<metric>_ci_high). Effect rows (comparisons: every treated condition against the baseline, and
every two treated conditions that share tasks, e.g. `skill:b - skill:a`, `skill:backend - placebo`):
the paired difference over shared tasks with its CI, p-values (effect_row: <metric>_p,
<metric>_p_perm, <metric>_p_holm) and the normalized gain for resolved. docs/metrics.md says which
test is for what.
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


def trial_frame(runs: list[RunResults], exclude_tasks: frozenset[str] | set[str] = frozenset()) -> pd.DataFrame:
    """The leaderboard's input from loaded runs: one row per finished, non-infra trial (not of the
    tasks in exclude_tasks: the unstable ones, harness/unstable.py)."""
    labels = condition_labels(runs)
    order = {label: index for index, label in enumerate(dict.fromkeys(labels.values()))}
    rows = []
    for run in runs:
        for record in run.finished():
            if record.task_id not in exclude_tasks:
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


def load_runs(folders: list[Path], exclude_tasks: frozenset[str] | set[str] = frozenset()) -> pd.DataFrame:
    return trial_frame([load_results(folder) for folder in folders], exclude_tasks)


def comparisons(conditions: list[str]) -> list[tuple[str, str]]:
    """(treated, control) pairs among a model's conditions (labels, in their table order): every treated
    condition against the baseline, then every two treated conditions, the later against the earlier,
    placebo first (so `skill:b - skill:a` for --skill a --skill b, and `skill - placebo`: the content
    effect beyond the length)."""
    treated = [c for c in conditions if c != BASELINE]
    treated.sort(key=lambda c: c.split("@")[0].split("[")[0] != ConditionKind.PLACEBO)  # stable
    pairs = [(c, str(BASELINE)) for c in treated] if BASELINE in conditions else []
    pairs += [(later, earlier) for index, earlier in enumerate(treated) for later in treated[index + 1 :]]
    return pairs


def ordered_conditions(frame: pd.DataFrame) -> list[str]:
    """A frame's condition labels: the baseline first, then in order of appearance (trial_frame orders
    them as the command line did)."""
    labels = list(dict.fromkeys(frame["condition"]))
    return sorted(labels, key=lambda c: c != BASELINE)


def build(
    trials: pd.DataFrame, metrics: list[str] | None = None, n_boot: int = stats.N_BOOT, seed: int = stats.SEED
) -> pd.DataFrame:
    """The leaderboard table: per model its condition rows, then its effect rows (comparisons)."""
    metrics = metrics or HEADLINE
    rows = []
    models = sorted(trials["model"].unique())
    for model in models:
        group = trials[trials["model"] == model]
        for condition in ordered_conditions(group):
            part = group[group["condition"] == condition]
            row = {"row": "condition", "model": model, "condition": condition}
            row |= {"n_tasks": part["task_id"].nunique(), "n_trials": len(part)}
            for metric in metrics:
                estimate = stats.summarize(part, metric, n_boot, seed)
                row |= {metric: estimate.value, f"{metric}_ci_low": estimate.low, f"{metric}_ci_high": estimate.high}
            rows.append(row)
    for model in models:
        group = trials[trials["model"] == model]
        for name, control_name in comparisons(ordered_conditions(group)):
            treated, control = group[group["condition"] == name], group[group["condition"] == control_name]
            shared = set(treated["task_id"]) & set(control["task_id"])
            if not shared:
                continue  # nothing to pair (two skills run on different tasks)
            rows.append(effect_row(model, name, control_name, treated, control, metrics, n_boot, seed))
    columns = ["row", "model", "condition", "n_tasks", "n_trials"]
    for metric in metrics:
        columns += [metric, f"{metric}_ci_low", f"{metric}_ci_high", f"{metric}_p", f"{metric}_p_perm"]
        columns += [f"{metric}_p_holm"]
    columns += ["resolved_norm_gain", "resolved_norm_gain_ci_low", "resolved_norm_gain_ci_high"]
    return pd.DataFrame(rows).reindex(columns=columns)


def effect_row(
    model: str,
    name: str,
    control_name: str,
    treated: pd.DataFrame,
    control: pd.DataFrame,
    metrics: list[str],
    n_boot: int = stats.N_BOOT,
    seed: int = stats.SEED,
) -> dict:
    """`<name> - <control_name>`: per metric the paired difference over shared tasks with its CI, the
    attempt-level p (<metric>_p: exact McNemar for binary metrics, Wilcoxon signed-rank on per-task
    differences otherwise), the cluster-aware sign-flip permutation p on per-task differences
    (<metric>_p_perm) and that p Holm-adjusted across the comparison's metrics (<metric>_p_holm)."""
    row = {"row": "effect", "model": model, "condition": f"{name} - {control_name}"}
    pairs = treated.merge(control, on=["task_id", "attempt"])
    row |= {"n_tasks": len(set(treated["task_id"]) & set(control["task_id"])), "n_trials": len(pairs)}
    for metric in metrics:
        estimate = stats.paired_difference(treated, control, metric, n_boot, seed)
        row |= {metric: estimate.value, f"{metric}_ci_low": estimate.low, f"{metric}_ci_high": estimate.high}
        if METRICS[metric].kind == "binary":
            row[f"{metric}_p"] = stats.mcnemar(treated, control, metric).p_value
        else:
            row[f"{metric}_p"] = stats.wilcoxon_p(treated, control, metric)
        row[f"{metric}_p_perm"] = stats.sign_flip_p(stats.task_differences(treated, control, metric), seed=seed)
    adjusted = stats.holm([row[f"{metric}_p_perm"] for metric in metrics])
    row |= {f"{metric}_p_holm": value for metric, value in zip(metrics, adjusted, strict=True)}
    gain = stats.normalized_gain(treated, control, "resolved", n_boot, seed)
    row |= {
        "resolved_norm_gain": gain.value,
        "resolved_norm_gain_ci_low": gain.low,
        "resolved_norm_gain_ci_high": gain.high,
    }
    return row
