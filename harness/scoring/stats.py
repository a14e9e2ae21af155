"""Statistics for the leaderboard: cluster bootstrap CIs, paired differences, exact McNemar, a
cluster-aware sign-flip permutation test on per-task differences, Holm's adjustment.

Tasks are the unit of resampling: attempts of one task are correlated, so each task contributes
the mean over its attempts and the bootstrap resamples tasks (a cluster bootstrap). Every estimate
is the mean of per-task means, so each task weighs the same however many attempts it has.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import binomtest, permutation_test, wilcoxon

N_BOOT = 2000
N_PERMUTATIONS = 9999  # random sign flips when 2**n_tasks is larger; below that every flip is enumerated
SEED = 20261126
LEVEL = 0.95


@dataclass(frozen=True)
class Estimate:
    value: float  # NaN when there is no data
    low: float
    high: float
    n_tasks: int


def task_means(frame: pd.DataFrame, metric: str) -> pd.Series:
    """task_id -> mean of the metric over that task's attempts (missing values skipped)."""
    values = pd.to_numeric(frame[metric], errors="coerce").astype(float)
    return values.groupby(frame["task_id"]).mean().dropna()


def _percentile_ci(samples: np.ndarray) -> tuple[float, float]:
    samples = samples[~np.isnan(samples)]
    if samples.size == 0:
        return float("nan"), float("nan")
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail])
    return float(low), float(high)


def bootstrap_mean(values: np.ndarray, n_boot: int = N_BOOT, seed: int = SEED) -> Estimate:
    """Mean of per-task values with a percentile bootstrap CI over tasks."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)
    mean = float(values.mean())
    if values.size == 1:
        return Estimate(mean, mean, mean, 1)
    rng = np.random.default_rng(seed)
    index = rng.integers(0, values.size, size=(n_boot, values.size))
    low, high = _percentile_ci(values[index].mean(axis=1))
    return Estimate(mean, low, high, int(values.size))


def summarize(frame: pd.DataFrame, metric: str, n_boot: int = N_BOOT, seed: int = SEED) -> Estimate:
    return bootstrap_mean(task_means(frame, metric).to_numpy(), n_boot, seed)


def paired_difference(
    treated: pd.DataFrame, control: pd.DataFrame, metric: str, n_boot: int = N_BOOT, seed: int = SEED
) -> Estimate:
    """Mean over shared tasks of (treated task mean − control task mean), bootstrap CI over tasks."""
    return bootstrap_mean(task_differences(treated, control, metric), n_boot, seed)


def task_differences(treated: pd.DataFrame, control: pd.DataFrame, metric: str) -> np.ndarray:
    """Per shared task: treated task mean − control task mean (tasks where either has no value left out)."""
    a, b = task_means(treated, metric), task_means(control, metric)
    common = a.index.intersection(b.index)
    return (a[common] - b[common]).to_numpy(dtype=float)


def sign_flip_p(differences: np.ndarray, n_resamples: int = N_PERMUTATIONS, seed: int = SEED) -> float:
    """Two-sided p-value of a sign-flip permutation test of mean(differences) = 0.

    The differences are per task (each the mean over the task's attempts), so attempts of one task move
    together: the test is cluster-aware, where McNemar on attempt pairs treats correlated attempts as
    independent. Under the null each task's difference is as likely positive as negative
    (scipy.stats.permutation_test, permutation_type="samples" on one sample flips signs); exact when
    2**n_tasks <= n_resamples. NaN with no task; 1.0 when every difference is 0."""
    differences = np.asarray(differences, dtype=float)
    differences = differences[~np.isnan(differences)]
    if differences.size == 0:
        return float("nan")
    if not np.any(differences) or differences.size == 1:
        return 1.0  # both signs of one task's difference are as extreme as it
    result = permutation_test(
        (differences,),
        lambda x, axis: np.mean(x, axis=axis),
        permutation_type="samples",
        vectorized=True,
        n_resamples=n_resamples,
        alternative="two-sided",
        rng=np.random.default_rng(seed),
    )
    return float(min(1.0, result.pvalue))


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjustment of a family of p-values (family-wise error); NaN stays NaN and is not
    counted in the family."""
    values = np.asarray(p_values, dtype=float)
    adjusted = np.full(values.shape, np.nan)
    present = np.flatnonzero(~np.isnan(values))
    order = present[np.argsort(values[present], kind="stable")]
    running, m = 0.0, len(order)
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * values[index]))
        adjusted[index] = running
    return adjusted.tolist()


@dataclass(frozen=True)
class McNemar:
    treated_only: int  # pairs where the treated attempt has the property and the control does not
    control_only: int
    p_value: float  # exact two-sided binomial test on the discordant pairs


def mcnemar(treated: pd.DataFrame, control: pd.DataFrame, metric: str) -> McNemar:
    """Exact McNemar test on attempts paired by (task, attempt number)."""
    keys = ["task_id", "attempt"]
    left = treated[keys + [metric]].rename(columns={metric: "a"})
    right = control[keys + [metric]].rename(columns={metric: "b"})
    pairs = left.merge(right, on=keys).dropna(subset=["a", "b"])
    a, b = pairs["a"].astype(bool).to_numpy(), pairs["b"].astype(bool).to_numpy()
    only_a, only_b = int((a & ~b).sum()), int((~a & b).sum())
    p_value = binomtest(only_a, only_a + only_b, 0.5).pvalue if only_a + only_b else 1.0
    return McNemar(only_a, only_b, float(p_value))


def wilcoxon_p(treated: pd.DataFrame, control: pd.DataFrame, metric: str) -> float:
    """Wilcoxon signed-rank p-value on per-task differences (for count / continuous metrics)."""
    differences = task_differences(treated, control, metric)
    if differences.size == 0:
        return float("nan")
    if not np.any(differences):
        return 1.0
    try:
        return float(wilcoxon(differences).pvalue)
    except ValueError:
        return float("nan")


def normalized_gain(
    treated: pd.DataFrame, control: pd.DataFrame, metric: str = "resolved", n_boot: int = N_BOOT, seed: int = SEED
) -> Estimate:
    """(p_treated − p_control) / (1 − p_control) over shared tasks; bootstrap CI over tasks."""
    a, b = task_means(treated, metric), task_means(control, metric)
    common = a.index.intersection(b.index)
    pa, pb = a[common].to_numpy(), b[common].to_numpy()
    if pa.size == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)

    def gain(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        mx, my = x.mean(axis=-1), y.mean(axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(my < 1, (mx - my) / (1 - my), np.nan)

    value = float(gain(pa, pb))
    if pa.size == 1:
        return Estimate(value, value, value, 1)
    rng = np.random.default_rng(seed)
    index = rng.integers(0, pa.size, size=(n_boot, pa.size))
    low, high = _percentile_ci(gain(pa[index], pb[index]))
    return Estimate(value, low, high, int(pa.size))
