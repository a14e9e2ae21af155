"""`evalrun plan` (issue 13, item 6): power by simulation with the leaderboard's own test."""

from pathlib import Path

import numpy as np
import pytest
from scipy.stats import binom
from typer.testing import CliRunner

from harness.cli import app
from harness.plan import plan, power

SAMPLES = Path(__file__).resolve().parent.parent / "results" / "samples"


def test_the_simulation_reproduces_a_binomial_case():
    """Control 0 on every task, treated q, one attempt: K of n task differences are 1, the rest 0, so the
    sign-flip p is 2 / 2**K (exact for 8 tasks) and p < 0.05 exactly when K >= 6: power = P(Binomial(8, q) >= 6)."""
    for q in (0.5, 0.8):
        expected = binom.sf(5, 8, q)
        simulated = power(np.array([0.0]), q, tasks=8, attempts=1, sims=1500, seed=3)
        assert simulated == pytest.approx(expected, abs=3.5 * np.sqrt(expected * (1 - expected) / 1500))


def test_power_grows_with_tasks_and_with_attempts():
    rates = np.random.default_rng(0).uniform(0.1, 0.6, size=30)  # a pilot with spread between tasks
    few = power(rates, 0.2, tasks=8, attempts=1, sims=300, seed=1)
    more_tasks = power(rates, 0.2, tasks=30, attempts=1, sims=300, seed=1)
    more_attempts = power(rates, 0.2, tasks=8, attempts=6, sims=300, seed=1)
    assert few < more_tasks and few < more_attempts
    table = plan(rates, 0.2, tasks_available=24, max_attempts=3, sims=60, seed=2)
    assert table.tasks == [6, 12, 24] and table.attempts == [1, 2, 3] and table.power.shape == (3, 3)
    assert table.power[-1, -1] >= table.power[0, 0]


def cli(*args):
    env = {"EVALRUN_RESULTS_DIR": str(SAMPLES), "COLUMNS": "200"}
    return CliRunner().invoke(app, ["plan", *args], env=env)


def test_plan_on_the_committed_sample_runs_prints_its_table():
    result = cli("--effect", "0.3", "--pilot", "null", "--sims", "40", "--tasks-available", "35")
    assert result.exit_code == 0, result.output
    assert "pilot null: 35 task(s), mean resolved 0.00" in result.output
    assert "10 att." in result.output and "enough:" in result.output
    small = cli("--effect", "0.05", "--pilot", "null", "--sims", "20", "--tasks-available", "4")
    assert small.exit_code == 0 and "the task set is too small for this effect" in " ".join(small.output.split())


def test_plan_refuses_what_it_cannot_simulate():
    assert "not a binary metric" in cli("--effect", "1", "--metric", "steps", "--rate", "0.3").output
    assert "either --pilot RUN" in cli("--effect", "0.1").output


def test_the_smallest_detectable_effect_is_where_power_crosses_the_target():
    from harness.plan import smallest_effect

    rates = np.array([0.5])
    found = smallest_effect(rates, tasks=20, attempts=3, sims=80, seed=4, step=0.05)
    assert found is not None
    effect, reached = found
    assert reached >= 0.8 and 0 < effect < 1
    assert power(rates, effect - 0.05, 20, 3, sims=80, seed=4) < 0.8  # one step less is not enough
    assert smallest_effect(rates, tasks=2, attempts=1, sims=20, step=0.25) is None  # 2 tasks never reject


def test_plan_smallest_prints_the_effect():
    result = cli("--smallest", "--attempts", "2", "--rate", "0.5", "--tasks-available", "12", "--sims", "30")
    said = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "smallest detectable effect on resolved: +" in said and "12 task(s) x 2 attempt(s)" in said
    assert "pass either --effect X" in " ".join(cli("--rate", "0.5").output.split())
