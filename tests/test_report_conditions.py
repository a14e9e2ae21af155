"""Issue 13 items 5 and 7 in the report: the condition legend, the pairwise-effects chart and, for a
run of a skill beside its ablation variants (evalrun skill ablate), the per-section effect chart.

The runs are written without Docker, as the runner records a run of several conditions (each record
with its condition's identity), with scores from the real scorers (test_report.write_trial).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from test_report import make_tasks, write_trial
from typer.testing import CliRunner

from harness import analysis, paths
from harness.ablate import MANIFEST, ablate
from harness.conditions import BASELINE, ConditionError, read_skill
from harness.prompts import Prompts
from harness.report import build_report, charts
from harness.report.build import KEY_METRICS
from harness.report.commands import register
from harness.runner import RunSpec, make_config, prepare_run_dir
from harness.tasks import load_tasks

MODEL = "scripted/demo"


def write_run(root: Path, run_id: str, plan: list[tuple], attempts: int) -> Path:
    """A run of several conditions in one folder; plan: [(condition, behaviour)], every task × attempt."""
    tasks = sorted(load_tasks(root / "tasks").tasks, key=lambda t: t.id)
    folder = root / "results" / run_id
    conditions = tuple(condition for condition, _ in plan)
    prepare_run_dir(folder, make_config(RunSpec(run_id, MODEL, conditions, attempts), tasks, Prompts()))
    for task in tasks:
        for attempt in range(1, attempts + 1):
            for condition, behaviour in plan:
                write_trial(folder, task, MODEL, condition, attempt, behaviour, root)
    return folder


@pytest.fixture(scope="module")
def ablation_run(tmp_path_factory):
    """baseline, the bundled skill and two of its ablation variants: without the first section the
    scripted agent works sloppily (the section does work), without the second it works as with the full skill."""
    root = tmp_path_factory.mktemp("conditions")
    make_tasks(root)
    variants = ablate(paths.bundled_skill(), root / "ablated")
    full = read_skill(paths.bundled_skill())
    hurt, neutral = (read_skill(root / "ablated" / v.folder / "SKILL.md") for v in variants[:2])
    plan = [(BASELINE, "sloppy"), (full, "careful"), (hurt, "sloppy"), (neutral, "careful")]
    folder = write_run(root, "demo-ablation", plan, attempts=2)
    return root, folder, full, hurt, neutral, variants


def label(condition) -> str:
    return f"skill:{condition.name}@{condition.sha256[:8]}"


def test_legend_pairwise_and_per_section_charts(ablation_run, tmp_path):
    root, folder, full, hurt, neutral, variants = ablation_run
    runs = analysis.load_runs([folder], n_boot=300)
    legend = analysis.conditions(runs)
    assert list(legend["condition"]) == ["baseline", label(full), label(hurt), label(neutral)]
    assert list(legend["sha8"]) == ["", full.sha256[:8], hurt.sha256[:8], neutral.sha256[:8]]
    assert list(legend["delivery"]) == ["none", "inline", "inline", "inline"]
    assert list(legend["n_trials"]) == [4, 4, 4, 4]

    # every comparison of the leaderboard: each skill against the baseline, then later - earlier
    skills = [label(full), label(hurt), label(neutral)]
    expected = [f"{s} - baseline" for s in skills]
    expected += [f"{label(hurt)} - {label(full)}", f"{label(neutral)} - {label(full)}"]
    expected += [f"{label(neutral)} - {label(hurt)}"]
    effects = analysis.effects(runs.leaderboard)
    assert list(dict.fromkeys(effects["condition"])) == expected
    key = [m for m in KEY_METRICS if m in set(effects["metric"])]
    figure = charts.pairwise_figure(effects[effects["metric"].isin(key)], key)
    first = figure.axes[0]
    assert [t.get_text() for t in first.get_yticklabels()] == expected
    assert len(figure.axes) == len(key) and first.get_title(loc="left") == f"{key[0]} (pp)"

    # per section: the effect of removing it = the leaderboard's `variant - full` row
    sections = analysis.ablation_effects(runs, key)
    assert list(dict.fromkeys(sections["section"])) == [variants[0].section, variants[1].section]
    assert set(sections["metric"]) == set(key)
    board = runs.leaderboard.set_index("condition")
    for item in sections.itertuples():
        row = board.loc[f"{item.variant} - {item.skill}"]
        assert item.skill == label(full)
        assert (item.value, item.ci_low, item.ci_high) == (
            row[item.metric],
            row[f"{item.metric}_ci_low"],
            row[f"{item.metric}_ci_high"],
        )
    resolved = sections[sections["metric"] == "resolved"].set_index("section")
    assert resolved.loc[variants[0].section, "value"] == -1.0  # the sloppy agent never fixes the bug
    assert resolved.loc[variants[0].section, "reading"] == "worse"
    assert resolved.loc[variants[1].section, "value"] == 0.0
    figure = charts.ablation_figure(sections, key)
    lines = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert lines == [f"without {variants[0].section}", f"without {variants[1].section}"]

    index = build_report([folder], tmp_path / "report", tasks_dir=root / "tasks", n_boot=300).read_text()
    assert 'id="condition-legend"' in index and f"<code>{hurt.sha256[:8]}</code>" in index
    assert f'title="{neutral.sha256}"' in index and "<td>inline</td>" in index and "<td>none</td>" in index
    assert '<div class="chart" id="pairwise-chart"><svg' in index
    for comparison in expected:
        assert f"<td>{MODEL} · {comparison}</td>" in index
    assert '<div class="chart" id="ablation-chart"><svg' in index
    for variant in variants[:2]:
        assert f"<td>{MODEL} · {label(full)} · without {variant.section}</td>" in index
    assert index.count(f"without {variants[0].section}</td>") == len(key)


def test_per_section_effect_turns_the_sign_when_the_full_skill_comes_last(ablation_run):
    root, _, full, hurt, _, variants = ablation_run
    folder = write_run(root, "demo-ablation-reversed", [(hurt, "sloppy"), (full, "careful")], attempts=1)
    runs = analysis.load_runs([folder], n_boot=300)
    assert list(analysis.effects(runs.leaderboard)["condition"].unique()) == [f"{label(full)} - {label(hurt)}"]
    resolved = analysis.ablation_effects(runs, ["resolved"]).iloc[0]
    assert (resolved["section"], resolved["variant"], resolved["skill"]) == (
        variants[0].section,
        label(hurt),
        label(full),
    )
    assert resolved["value"] == -1.0 and resolved["reading"] == "worse"
    assert resolved["ci_low"] <= resolved["value"] <= resolved["ci_high"]


def test_no_per_section_chart_without_the_full_skill_and_a_broken_manifest_is_named(ablation_run, tmp_path):
    root, _, _, hurt, neutral, _ = ablation_run
    folder = write_run(root, "demo-variants-only", [(hurt, "sloppy"), (neutral, "careful")], attempts=1)
    runs = analysis.load_runs([folder], n_boot=300)
    assert analysis.ablation_effects(runs).empty  # two variants, no full skill: nothing to attribute
    index = build_report([folder], tmp_path / "report", tasks_dir=root / "tasks", n_boot=300).read_text()
    assert 'id="ablation"' not in index and 'id="pairwise-chart"' in index
    manifest = root / "ablated" / MANIFEST
    saved = manifest.read_text()
    try:
        manifest.write_text(json.dumps({"skill": "x"}))
        with pytest.raises(ConditionError, match=r"ablation\.json lacks the skill's sha256"):
            analysis.ablation_effects(runs)
        app = typer.Typer()
        register(app)
        result = CliRunner().invoke(app, ["report", str(folder), "--out", str(tmp_path / "site")])
        assert result.exit_code == 1 and "lacks the skill's sha256" in result.output
        assert "Traceback" not in result.output
    finally:
        manifest.write_text(saved)
