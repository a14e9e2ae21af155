"""Issue 13, done-when: two variants of the bundled skill in one interleaved run against replay/ profiles."""

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness import paths
from harness.cli import app
from harness.conditions import read_skill
from harness.results import load_run
from harness.sandbox import docker_client

pytestmark = pytest.mark.docker
TASK = "orders-discount-half-cent"  # the task evals/profiles/careful.json was written for
PROFILE = paths.evals_dir() / "profiles" / "careful.json"


def without_section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[:start] + text[end:]


def test_two_variants_of_the_bundled_skill_in_one_run_give_two_rows_and_their_effect(tmp_path):
    original = paths.bundled_skill()
    variant_dir = tmp_path / "backend-no-contract"
    variant_dir.mkdir()
    variant = variant_dir / "SKILL.md"
    variant.write_text(without_section(original.read_text(), "The contract"))
    a, b = read_skill(original), read_skill(variant)
    assert a.name == b.name == "backend" and a.sha256 != b.sha256
    results = tmp_path / "results"
    env = {"EVALRUN_RESULTS_DIR": str(results), "COLUMNS": "400"}
    run = ["--model", f"replay/{PROFILE}", "--skill", str(original), "--skill", str(variant)]
    run += ["--tasks", TASK, "--attempts", "2", "--run-id", "h-cond-variants"]
    result = CliRunner().invoke(app, run, env=env)
    assert result.exit_code == 0, result.output
    folder = results / "h-cond-variants"
    loaded = load_run(folder)
    assert len(loaded.records) == 4 and not any(r.infra for r in loaded.records)
    assert {(r.guidance_sha256, r.guidance_source) for r in loaded.records} == {
        (a.sha256, str(original)),
        (b.sha256, str(variant)),
    }
    assert {(r.condition, r.condition_name, r.delivery) for r in loaded.records} == {("skill", "backend", "inline")}
    config = json.loads((folder / "config.json").read_text())
    assert [c["guidance_sha256"] for c in config["conditions"]] == [a.sha256, b.sha256]
    # each trial had its own variant in its system prompt
    for record in loaded.records:
        system = json.loads(loaded.file(record, "trajectory").read_text())["messages"][0]["content"]
        assert ("## The contract" in system) is (record.guidance_sha256 == a.sha256)
    # one queue: the trial log interleaves the two conditions (each (task, attempt) block holds both)
    order = [json.loads(line)["guidance_sha256"] for line in (folder / "trials.jsonl").read_text().splitlines()]
    assert sorted(order[:2]) == sorted([a.sha256, b.sha256]) or sorted(order[1:3]) == sorted([a.sha256, b.sha256])

    board_path = tmp_path / "board.csv"
    result = CliRunner().invoke(app, ["leaderboard", str(folder), "--out", str(board_path)], env=env)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(board_path.open()))
    label_a, label_b = f"skill:backend@{a.sha256[:8]}", f"skill:backend@{b.sha256[:8]}"
    assert [(r["row"], r["condition"]) for r in rows] == [
        ("condition", label_a),
        ("condition", label_b),
        ("effect", f"{label_b} - {label_a}"),
    ]
    assert all(r["n_trials"] == "2" for r in rows[:2])  # not pooled: two trials each
    effect = rows[2]
    assert effect["n_tasks"] == "1" and effect["resolved"] != "" and effect["resolved_p_holm"] != ""
    assert docker_client().containers.list(all=True, filters={"label": "evalrun.run=h-cond-variants"}) == []


def test_resuming_an_interleaved_run_reruns_only_missing_trials(tmp_path):
    results = tmp_path / "results"
    env = {"EVALRUN_RESULTS_DIR": str(results), "COLUMNS": "400"}
    run = ["--agent", "null", "--conditions", "baseline,skill,placebo", "--tasks", TASK, "--run-id", "h-cond-resume"]
    first = CliRunner().invoke(app, run, env=env)
    assert first.exit_code == 0, first.output
    folder = results / "h-cond-resume"
    lines = (folder / "trials.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["condition"] for line in lines) == ["baseline", "placebo", "skill"]
    # lose the skill trial's record: the resume reruns that one trial only
    kept = [line for line in lines if json.loads(line)["condition"] != "skill"]
    (folder / "trials.jsonl").write_text("".join(line + "\n" for line in kept))
    again = CliRunner().invoke(app, run, env=env)
    assert again.exit_code == 0, again.output
    assert "2 already finished" in " ".join(again.output.split()) and "1 trial(s) run now" in again.output
    conditions = sorted(r.condition for r in load_run(Path(folder)).records)
    assert conditions == ["baseline", "placebo", "skill"]


FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
FIX = [  # the fixture task mini-discount (tests/fixtures/tasks): read, check, fix, check, report
    "```bash\ncat app/pricing.py\n```",
    "```bash\npython -m pytest -q\n```",
    "```bash\nsed -i 's/ROUND_DOWN/ROUND_HALF_UP/g' app/pricing.py\n```",
    "```bash\npython -m pytest -q && git diff\n```",
    "Changed the rounding mode in app/pricing.py to ROUND_HALF_UP. `python -m pytest -q` passed after the change.",
]
READ_SKILL = "The listed skill applies here.\n```bash\nls ~/.skills/backend && head -3 ~/.skills/backend/SKILL.md\n```"


@pytest.mark.parametrize("reads", [True, False], ids=["reads-it", "never-reads-it"])
def test_installed_skill_is_in_the_container_and_reading_it_is_recorded(tmp_path, reads):
    script = tmp_path / "script.json"
    script.write_text(json.dumps(([READ_SKILL] if reads else []) + FIX))
    env = {"EVALRUN_RESULTS_DIR": str(tmp_path / "results"), "EVALRUN_TASKS_DIR": str(FIXTURES), "COLUMNS": "400"}
    run_id = f"h-cond-installed-{'reads' if reads else 'ignores'}"
    args = ["--model", f"replay/{script}", "--with-skill", "--skill-mode", "installed", "--run-id", run_id]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    loaded = load_run(tmp_path / "results" / run_id)
    [record] = loaded.records
    assert record.delivery == "installed" and record.condition_name == "backend" and record.resolved
    trajectory = json.loads(loaded.file(record, "trajectory").read_text())
    system = trajectory["messages"][0]["content"]
    assert "/home/agent/.skills/backend/SKILL.md" in system and "## The contract" not in system
    scores = record.scores
    if reads:
        assert "name: backend" in trajectory["steps"][0]["output"]  # the file is there, readable by the agent
        assert (scores["skill_read"], scores["skill_read_step"], scores["skill_read_before_first_edit"]) == (
            True,
            0,
            True,
        )
    else:
        assert (scores["skill_read"], scores["skill_read_step"], scores["skill_read_before_first_edit"]) == (
            False,
            None,
            False,
        )
    board = CliRunner().invoke(app, ["leaderboard", str(loaded.folder), "--out", str(tmp_path / "b.csv")], env=env)
    assert board.exit_code == 0 and "skill:backend[installed]" in (tmp_path / "b.csv").read_text()
