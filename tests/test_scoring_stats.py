"""Leaderboard statistics on synthetic data: CI coverage, paired differences, exact McNemar."""

import json
from math import comb

import numpy as np
import pandas as pd
import pytest

from harness.scoring import leaderboard, stats
from harness.scoring.registry import HEADLINE, METRICS


def synthetic(model="m", condition="baseline", tasks=30, attempts=3, p=None, seed=0):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.1, 0.9, size=tasks) if p is None else p
    rows = []
    for t in range(tasks):
        for a in range(attempts):
            rows.append(
                {
                    "task_id": f"t{t}",
                    "attempt": a,
                    "model": model,
                    "condition": condition,
                    "resolved": bool(rng.random() < p[t]),
                    "steps": int(rng.integers(5, 30)),
                }
            )
    return pd.DataFrame(rows), p


def test_cluster_bootstrap_ci_covers_the_true_mean():
    """Over repeated samples the 95% CI covers the population mean about 95% of the time."""
    population = np.random.default_rng(1).uniform(0.05, 0.95, size=2000)
    truth = population.mean()
    covered, runs = 0, 200
    for seed in range(runs):
        rng = np.random.default_rng(1000 + seed)
        p = rng.choice(population, size=40)
        frame, _ = synthetic(tasks=40, attempts=3, p=p, seed=seed)
        estimate = stats.summarize(frame, "resolved", n_boot=400, seed=seed)
        covered += estimate.low <= truth <= estimate.high
    assert covered / runs >= 0.88


def test_point_estimate_is_the_mean_of_task_means():
    frame = pd.DataFrame({"task_id": ["a", "a", "a", "b"], "attempt": [0, 1, 2, 0], "resolved": [1, 1, 0, 0]})
    estimate = stats.summarize(frame, "resolved")
    assert estimate.value == pytest.approx((2 / 3 + 0) / 2) and estimate.n_tasks == 2
    assert estimate.low <= estimate.value <= estimate.high


def test_missing_values_are_skipped_and_a_single_task_has_a_degenerate_ci():
    frame = pd.DataFrame({"task_id": ["a", "a", "b"], "attempt": [0, 1, 0], "resolved": [1.0, None, None]})
    estimate = stats.summarize(frame, "resolved")
    assert (estimate.value, estimate.low, estimate.high, estimate.n_tasks) == (1.0, 1.0, 1.0, 1)
    empty = stats.summarize(frame.assign(resolved=None), "resolved")
    assert np.isnan(empty.value) and empty.n_tasks == 0


def test_mcnemar_matches_a_hand_computation():
    # 7 pairs where only the treated attempt resolved, 2 where only the control did, 5 concordant.
    treated = [1] * 7 + [0] * 2 + [1] * 3 + [0] * 2
    control = [0] * 7 + [1] * 2 + [1] * 3 + [0] * 2
    keys = {"task_id": [f"t{i}" for i in range(14)], "attempt": [0] * 14}
    result = stats.mcnemar(
        pd.DataFrame({**keys, "resolved": treated}), pd.DataFrame({**keys, "resolved": control}), "resolved"
    )
    hand = 2 * sum(comb(9, k) for k in range(0, 3)) / 2**9  # two-sided exact binomial, n=9, k<=2
    assert (result.treated_only, result.control_only) == (7, 2)
    assert result.p_value == pytest.approx(hand) == pytest.approx(0.1796875)


def test_mcnemar_without_discordant_pairs_is_one():
    frame = pd.DataFrame({"task_id": ["a", "b"], "attempt": [0, 0], "resolved": [True, False]})
    assert stats.mcnemar(frame, frame, "resolved").p_value == 1.0


def test_paired_difference_detects_a_real_effect_and_not_a_null_one():
    base, p = synthetic(tasks=60, attempts=4, seed=3)
    skill, _ = synthetic(condition="skill", tasks=60, attempts=4, p=np.clip(p + 0.25, 0, 1), seed=4)
    placebo, _ = synthetic(condition="placebo", tasks=60, attempts=4, p=p, seed=5)
    effect = stats.paired_difference(skill, base, "resolved")
    assert effect.low > 0 and effect.value == pytest.approx(0.2, abs=0.1)
    null = stats.paired_difference(placebo, base, "resolved")
    assert null.low < 0 < null.high


def test_normalized_gain():
    control = pd.DataFrame({"task_id": ["a", "b", "c", "d"], "attempt": [0] * 4, "resolved": [1, 1, 0, 0]})
    treated = control.assign(resolved=[1, 1, 1, 0])
    gain = stats.normalized_gain(treated, control)
    assert gain.value == pytest.approx((0.75 - 0.5) / (1 - 0.5))
    assert np.isnan(stats.normalized_gain(control.assign(resolved=1), control.assign(resolved=1)).value)


def test_build_leaderboard_rows_and_columns():
    base, p = synthetic(tasks=20, seed=7)
    skill, _ = synthetic(condition="skill", tasks=20, p=np.clip(p + 0.3, 0, 1), seed=8)
    trials = pd.concat([base, skill], ignore_index=True)
    table = leaderboard.build(trials, metrics=["resolved", "steps"], n_boot=300)
    assert list(table["row"]) == ["condition", "condition", "effect"]
    assert list(table["condition"]) == ["baseline", "skill", "skill - baseline"]
    effect = table.iloc[2]
    assert effect["resolved"] == pytest.approx(table.iloc[1]["resolved"] - table.iloc[0]["resolved"])
    assert 0 <= effect["resolved_p"] <= 1 and 0 <= effect["steps_p"] <= 1
    assert effect["resolved_norm_gain"] > 0
    for column in ("resolved", "resolved_ci_low", "resolved_ci_high", "steps", "n_tasks", "n_trials"):
        assert table[column].notna().all(), column


def test_every_headline_metric_gets_value_and_ci_columns():
    base, _ = synthetic(tasks=5, seed=1)
    for name in HEADLINE:
        if name not in base:
            base[name] = np.random.default_rng(0).random(len(base)) < 0.5 if METRICS[name].kind == "binary" else 1.0
    table = leaderboard.build(base, n_boot=100)
    for name in HEADLINE:
        assert {name, f"{name}_ci_low", f"{name}_ci_high", f"{name}_p"} <= set(table.columns)
        assert table[name].notna().all(), name


def test_load_run_reads_last_records_skips_infra_and_prefers_rescored(tmp_path):
    folder = tmp_path / "r1"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"run_id": "r1", "model": "m", "condition": "skill"}))
    records = [
        {"trial_id": "t__skill__a0", "task_id": "t", "attempt": 0, "resolved": False, "scores": {"resolved": False}},
        {
            "trial_id": "t__skill__a0",
            "task_id": "t",
            "attempt": 0,
            "resolved": True,
            "steps": 7,
            "scores": {"resolved": True},
        },
        {"trial_id": "u__skill__a0", "task_id": "u", "attempt": 0, "error_category": "infra", "scores": {}},
        {"trial_id": "v__skill__a0", "task_id": "v", "attempt": 0, "resolved": False, "scores": {}},
    ]
    text = "".join(json.dumps(r) + "\n" for r in records) + '{"trial_id": "w__sk'
    (folder / "trials.jsonl").write_text(text)
    (folder / "scores.jsonl").write_text(json.dumps({"trial_id": "v__skill__a0", "resolved": True, "steps": 3}) + "\n")
    frame = leaderboard.load_run(folder)
    assert sorted(frame["trial_id"]) == ["t__skill__a0", "v__skill__a0"]
    by_id = frame.set_index("trial_id")
    assert bool(by_id.loc["t__skill__a0", "resolved"]) is True and by_id.loc["t__skill__a0", "steps"] == 7
    assert bool(by_id.loc["v__skill__a0", "resolved"]) is True and by_id.loc["v__skill__a0", "steps"] == 3
    assert set(frame["model"]) == {"m"} and set(frame["condition"]) == {"skill"}


# -- issue 13, item 4: the cluster-aware permutation test, Holm, pairwise effects ---------------------
def test_sign_flip_p_matches_hand_counts_and_scipy():
    """Three task differences: 2**3 sign patterns, enumerated by hand."""
    # [1, 2, -0.5]: mean 5/6; the patterns with |mean| >= 5/6 are (+,+,-), (+,+,+), (-,-,+), (-,-,-): 4 of 8
    assert stats.sign_flip_p(np.array([1.0, 2.0, -0.5])) == pytest.approx(0.5)
    # all of one sign: only all-plus and all-minus are as extreme, 2 of 8
    assert stats.sign_flip_p(np.array([1.0, 2.0, 3.0])) == pytest.approx(0.25)
    assert stats.sign_flip_p(np.array([0.0, 0.0])) == 1.0 and np.isnan(stats.sign_flip_p(np.array([])))
    assert stats.sign_flip_p(np.array([0.7])) == 1.0
    # ten tasks: exact over 1024 patterns, against a brute-force enumeration
    import itertools

    d = np.random.default_rng(3).normal(0.4, 1.0, size=10)
    flips = np.array(list(itertools.product([1, -1], repeat=10)))
    null = (flips * d).mean(axis=1)
    expected = np.mean(np.abs(null) >= abs(d.mean()) - 1e-12)
    assert stats.sign_flip_p(d) == pytest.approx(expected)


def test_the_permutation_test_counts_tasks_not_attempts():
    """Three tasks x ten perfectly correlated attempts: McNemar on attempt pairs sees 30 discordant pairs
    (p ~ 2e-9); the task is the unit of the permutation test, which has only 2**3 patterns (p = 0.25)."""
    rows = []
    for task in range(3):
        for attempt in range(10):
            rows.append({"task_id": f"t{task}", "attempt": attempt, "condition": "skill", "resolved": True})
            rows.append({"task_id": f"t{task}", "attempt": attempt, "condition": "baseline", "resolved": False})
    frame = pd.DataFrame(rows)
    treated, control = frame[frame["condition"] == "skill"], frame[frame["condition"] == "baseline"]
    assert stats.mcnemar(treated, control, "resolved").p_value < 1e-8
    assert stats.sign_flip_p(stats.task_differences(treated, control, "resolved")) == pytest.approx(0.25)


def test_holm_adjustment_by_hand():
    # sorted 0.01, 0.03, 0.04: x3 = 0.03, x2 = 0.06, x1 = 0.04 -> kept monotone at 0.06
    assert stats.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    adjusted = stats.holm([0.02, float("nan"), 0.04])  # NaN: not measured, not in the family
    assert adjusted[0] == pytest.approx(0.04) and np.isnan(adjusted[1]) and adjusted[2] == pytest.approx(0.04)
    assert stats.holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])  # capped at 1
    assert stats.holm([]) == []


def test_pairwise_effects_between_every_two_conditions():
    p = np.random.default_rng(10).uniform(0.05, 0.25, size=12)
    base, _ = synthetic(tasks=12, p=p, seed=11)
    placebo, _ = synthetic(condition="placebo", tasks=12, p=p, seed=12)
    a, _ = synthetic(condition="skill:a", tasks=12, p=p + 0.2, seed=13)
    b, _ = synthetic(condition="skill:b", tasks=12, p=np.full(12, 0.97), seed=14)
    elsewhere, _ = synthetic(condition="skill:c", tasks=3, seed=15)
    elsewhere["task_id"] = "other-" + elsewhere["task_id"]  # run on other tasks: nothing to pair it with
    trials = pd.concat([base, placebo, a, b, elsewhere], ignore_index=True)
    table = leaderboard.build(trials, metrics=["resolved", "steps"], n_boot=200)
    conditions = table[table["row"] == "condition"].set_index("condition")
    assert list(conditions.index) == ["baseline", "placebo", "skill:a", "skill:b", "skill:c"]
    effects = table[table["row"] == "effect"].set_index("condition")
    assert list(effects.index) == [  # skill:c shares no task with any other condition: no row for it
        "placebo - baseline",
        "skill:a - baseline",
        "skill:b - baseline",
        "skill:a - placebo",
        "skill:b - placebo",
        "skill:b - skill:a",
    ]
    for name, row in effects.iterrows():
        later, earlier = name.split(" - ")
        expected = conditions.loc[later, "resolved"] - conditions.loc[earlier, "resolved"]
        assert row["resolved"] == pytest.approx(expected), name
        adjusted = stats.holm([row["resolved_p_perm"], row["steps_p_perm"]])
        assert [row["resolved_p_holm"], row["steps_p_holm"]] == pytest.approx(adjusted), name
        assert row["resolved_p_holm"] >= row["resolved_p_perm"]
    strong = effects.loc["skill:b - baseline"]  # resolved on nearly every attempt of every task, against ~15%
    assert strong["resolved_p_perm"] < 0.01 and strong["resolved_p_holm"] < 0.02
