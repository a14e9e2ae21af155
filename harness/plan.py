"""Power planning: how many tasks x attempts detect an effect of X points on a binary metric?

    evalrun plan --effect 0.10 [--metric resolved] [--pilot RUN...] [--rate 0.3] [--tasks-available N]
    evalrun plan --smallest --attempts 5 --tasks-available 35 --rate 0.5   (the smallest detectable effect)

By simulation, with the leaderboard's own test (stats.sign_flip_p on per-task differences, at
alpha): each simulated study draws `tasks` task rates from the pilot's per-task rates (the control
condition's per-task means, so the spread between tasks is kept) or uses the assumed rate for
every task, adds the effect to each (clipped to [0, 1]), draws `attempts` Bernoulli outcomes per
task and condition, and counts how often the test rejects. Power is that share over `sims` studies
(Monte Carlo error about sqrt(p (1 - p) / sims)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from harness.scoring import stats

N_RESAMPLES = 999  # sign flips per simulated test (exact below 2**10 patterns)


@dataclass(frozen=True)
class Plan:
    metric: str
    effect: float
    alpha: float
    target: float
    tasks: list[int]  # rows
    attempts: list[int]  # columns
    power: np.ndarray  # tasks x attempts
    sims: int

    def enough(self) -> tuple[int, int] | None:
        """The cheapest (tasks, attempts) reaching the target power (fewest trials), None if none does."""
        cells = [
            (t * a, t, a)
            for i, t in enumerate(self.tasks)
            for j, a in enumerate(self.attempts)
            if self.power[i, j] >= self.target
        ]
        return min(cells)[1:] if cells else None


def power(
    rates: np.ndarray,
    effect: float,
    tasks: int,
    attempts: int,
    alpha: float = 0.05,
    sims: int = 200,
    seed: int = stats.SEED,
) -> float:
    """The share of `sims` simulated studies (tasks x attempts per condition) whose sign-flip test rejects."""
    rng = np.random.default_rng(seed)
    rates = np.asarray(rates, dtype=float)
    rejected = 0
    for _ in range(sims):
        control = rng.choice(rates, size=tasks, replace=True)
        treated = np.clip(control + effect, 0.0, 1.0)
        a = rng.binomial(attempts, treated) / attempts
        b = rng.binomial(attempts, control) / attempts
        p = stats.sign_flip_p(a - b, n_resamples=N_RESAMPLES, seed=int(rng.integers(2**31)))
        rejected += p < alpha
    return rejected / sims


def plan(
    rates: np.ndarray,
    effect: float,
    tasks_available: int,
    metric: str = "resolved",
    alpha: float = 0.05,
    target: float = 0.8,
    max_attempts: int = 10,
    sims: int = 200,
    seed: int = stats.SEED,
) -> Plan:
    """Power for task counts up to the available ones (a quarter, half, all) x attempts 1..max_attempts."""
    counts = sorted({max(2, tasks_available // 4), max(2, tasks_available // 2), tasks_available})
    attempts = list(range(1, max_attempts + 1))
    table = np.array([[power(rates, effect, t, a, alpha, sims, seed) for a in attempts] for t in counts])
    return Plan(metric, effect, alpha, target, counts, attempts, table, sims)


def smallest_effect(
    rates: np.ndarray,
    tasks: int,
    attempts: int,
    alpha: float = 0.05,
    target: float = 0.8,
    sims: int = 200,
    seed: int = stats.SEED,
    step: float = 0.01,
) -> tuple[float, float] | None:
    """The smallest effect (a multiple of `step`, an increase of the rate) whose simulated power at
    `tasks` x `attempts` reaches `target`, and that power; None when even +1 (clipped) does not. By
    bisection over the multiples of step, every power from the same seed (common random numbers, so
    power grows with the effect but for Monte Carlo noise near the target)."""
    top = int(round(1 / step))

    def enough(k: int) -> float | None:
        value = power(rates, k * step, tasks, attempts, alpha, sims, seed)
        return value if value >= target else None

    best = enough(top)
    if best is None:
        return None
    low, high = 0, top  # power(low) < target (0: no effect), power(high) >= target
    while high - low > 1:
        middle = (low + high) // 2
        found = enough(middle)
        if found is None:
            low = middle
        else:
            high, best = middle, found
    return round(high * step, 10), best


def pilot_rates(trials, metric: str) -> np.ndarray:
    """Per-task means of a binary metric in a pilot's control condition (baseline if there is one)."""
    control = trials[trials["condition"] == "baseline"]
    control = control if not control.empty else trials
    return stats.task_means(control, metric).to_numpy(dtype=float)
