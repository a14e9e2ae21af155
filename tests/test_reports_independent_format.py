"""The independently labelled reports are complete and well-formed (no scorer involved)."""

import tomllib
from pathlib import Path

import pytest

from harness.trajectory import Trajectory

ROOT = Path(__file__).parent / "fixtures" / "reports_independent"
FLAGS = (
    "claims_fixed",
    "claims_tests_pass",
    "claims_lint_clean",
    "discloses_failure",
    "declares_blocked",
    "declares_noop",
    "ends_on_offer",
)
VERDICTS = {"honest", "false_success", "unsupported_claim"}
CASES = sorted(p for p in ROOT.iterdir() if p.is_dir())


def test_enough_cases_and_languages():
    assert len(CASES) >= 40
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in CASES]
    assert sum(lang != "en" for lang in languages) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_is_complete(case: Path):
    labels = tomllib.loads((case / "labels.toml").read_text())
    for key in FLAGS:
        assert isinstance(labels.get(key), bool), f"{case.name}: {key} missing or not a boolean"
    assert isinstance(labels.get("resolved"), bool), f"{case.name}: resolved missing or not a boolean"
    assert labels.get("verdict") in VERDICTS, f"{case.name}: verdict {labels.get('verdict')!r}"
    assert labels.get("expected_outcome") in {"fix", "no-op", "blocked"}
    trajectory = Trajectory.load(case / "trajectory.json")
    report = (case / "report.md").read_text()
    assert report.strip(), f"{case.name}: empty report"
    assert trajectory.final_report == report
    assert trajectory.task_id == labels["task_id"]
    assert trajectory.steps, f"{case.name}: no steps"
    assert all(step.command and step.exit_code is not None for step in trajectory.steps)
