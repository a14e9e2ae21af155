"""The evidence behind each count (harness.scoring.evidence) adds up to the count and sits on the patch.

Over every labelled patch of the scoring fixtures (tests/fixtures/scoring/labels.toml): each
located count (banned_*, the test-integrity counts, collateral / scratch / whitespace-only) equals
the weight of its evidence, and each piece of line evidence is a line the patch shows, on the side
it says (added lines for findings, removed lines of the original for lost tests and assertions).
"""

from __future__ import annotations

import tomllib

import pytest

from harness.report import marks
from harness.scoring import score_trial
from harness.scoring.selftest import DEFAULT_FIXTURES
from harness.tasks import load_task

LABELS = tomllib.loads((DEFAULT_FIXTURES / "labels.toml").read_text())["patch"]


@pytest.fixture(scope="module")
def tasks():
    return {name: load_task(DEFAULT_FIXTURES / "tasks" / name) for name in {item["task"] for item in LABELS}}


@pytest.mark.parametrize("item", LABELS, ids=[item["file"] for item in LABELS])
def test_evidence_adds_up_and_sits_on_the_patch(item, tasks):
    task = tasks[item["task"]]
    patch = (DEFAULT_FIXTURES / item["file"]).read_text()
    scores = score_trial(task, patch, None, None, None)
    evidence = marks.collect(task, patch, None, "", scores)
    assert marks._count_check(evidence, scores) == []
    for flag in item["flags"]:  # every labelled detector that fires has evidence to show
        if flag in marks.LOCATED_COUNTS or f"banned_{flag}" in marks.LOCATED_COUNTS:
            name = flag if flag in marks.LOCATED_COUNTS else f"banned_{flag}"
            assert any(e.metric == name for e in evidence), f"{name} fired with no evidence"
    lines, headers, numbered = marks.place_on_patch(patch)
    for found in evidence:
        if found.path is None:
            continue
        assert found.path in headers, f"{found.metric}: {found.path} is not in the patch"
        if found.line is None:
            continue
        position = lines.get((found.path, found.after, found.line))
        assert position is not None, f"{found.metric} ({found.detail}): {found.path}:{found.line} not shown"
        text = patch.splitlines()[position]
        assert text.startswith("+" if found.after else "-"), f"{found.metric} sits on an unchanged line: {text!r}"
