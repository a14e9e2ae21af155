"""Agent tests run in Docker on the original, agent-fixed and gold trees (tiny fixture task)."""

import tempfile
from pathlib import Path

import pytest

from harness.grader import PytestRun
from harness.patches import diff_trees
from harness.scoring import agent_tests, score_trial
from harness.scoring.patch_view import PatchView
from harness.tasks import copy_tree, load_task

MINI = Path(__file__).parent / "fixtures" / "tasks" / "mini-discount"
REPRO_TEST = """from decimal import Decimal

from app.pricing import apply_discount


def test_half_price_rounds_half_cent_up():
    assert apply_discount(Decimal("10.05"), 50) == Decimal("5.03")
"""
ALWAYS_GREEN = """from decimal import Decimal

from app.pricing import apply_discount


def test_no_discount_again():
    assert apply_discount(Decimal("4.00"), 0) == Decimal("4.00")
"""


def patch_with(task, files, fix=True):
    with tempfile.TemporaryDirectory() as tmp:
        base = task.materialize(Path(tmp) / "base")
        work = Path(tmp) / "work"
        copy_tree(base, work)
        if fix:
            pricing = work / "app" / "pricing.py"
            pricing.write_text(pricing.read_text().replace("ROUND_DOWN", "ROUND_HALF_UP"))
        for rel, text in files.items():
            (work / rel).write_text(text)
        return diff_trees(base, work)


@pytest.fixture(scope="module")
def mini():
    return load_task(MINI)


def test_added_test_ids_and_trees_without_docker(mini):
    view = PatchView(mini, patch_with(mini, {"tests/test_repro.py": REPRO_TEST}))
    assert agent_tests.added_test_ids(view) == ["tests/test_repro.py::test_half_price_rounds_half_cent_up"]
    trees = agent_tests.trees(view)
    assert b"ROUND_DOWN" in trees["original"]["app/pricing.py"] and "tests/test_repro.py" in trees["original"]
    assert b"ROUND_HALF_UP" in trees["agent"]["app/pricing.py"]
    assert b"ROUND_HALF_UP" in trees["gold"]["app/pricing.py"] and "tests/test_repro.py" in trees["gold"]


def test_metrics_with_a_fake_runner(mini):
    """The runner is injected: fail on the original tree, pass on the fixed ones."""

    def runner(task, files, ids, image, run_id):
        fixed = b"ROUND_HALF_UP" in files["app/pricing.py"]
        outcome = "passed" if fixed else "failed"
        return PytestRun({i: outcome for i in ids}, 0 if fixed else 1, True, "")

    view = PatchView(mini, patch_with(mini, {"tests/test_repro.py": REPRO_TEST}))
    scores = agent_tests.metrics(view, "image:tag", runner=runner)
    assert scores == {
        "agent_tests_added": 1,
        "agent_tests_fail_before": 1,
        "agent_tests_pass_after": 1,
        "agent_tests_pass_gold": 1,
        "repro_test": True,
    }
    assert agent_tests.metrics(view, None)["repro_test"] is None


@pytest.fixture(scope="module")
def image(mini):
    from harness.images import ImageBuilder
    from harness.sandbox import docker_client

    return ImageBuilder(docker_client(), log=lambda line: None).ensure_task(mini)


@pytest.mark.docker
def test_a_real_reproduction_test(mini, image):
    scores = score_trial(mini, patch_with(mini, {"tests/test_repro.py": REPRO_TEST}), None, None, None, image)
    assert scores["agent_tests_added"] == 1
    assert scores["agent_tests_fail_before"] == 1 and scores["agent_tests_pass_after"] == 1
    assert scores["agent_tests_pass_gold"] == 1 and scores["repro_test"] is True


@pytest.mark.docker
def test_a_test_that_passes_before_the_fix_is_not_a_reproduction(mini, image):
    scores = score_trial(mini, patch_with(mini, {"tests/test_more.py": ALWAYS_GREEN}), None, None, None, image)
    assert scores["agent_tests_fail_before"] == 0 and scores["agent_tests_pass_after"] == 1
    assert scores["repro_test"] is False


@pytest.mark.docker
def test_a_reproduction_without_a_fix_does_not_pass_after(mini, image):
    scores = score_trial(
        mini, patch_with(mini, {"tests/test_repro.py": REPRO_TEST}, fix=False), None, None, None, image
    )
    assert scores["agent_tests_fail_before"] == 1 and scores["agent_tests_pass_after"] == 0
    assert scores["agent_tests_pass_gold"] == 1 and scores["repro_test"] is False


# -- TypeScript: the agent's new *.test.ts runs under node --test like the hidden tests ----------------
TS_TASK = Path(__file__).parents[1] / "tasks" / "inventory-ts-search-apostrophe"
TS_REPRO = """import assert from "node:assert/strict";
import { test } from "node:test";
import { createItem, start } from "./helpers";

test("search keeps an apostrophe in the name", async () => {
  const h = await start();
  try {
    await createItem(h, "WASH-1", "Fender's washer", 3);
    const res = await h.request("GET", `/items?q=${encodeURIComponent("Fender's")}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 1);
  } finally {
    await h.close();
  }
});
"""


def ts_patch(task, files, fix=True):
    with tempfile.TemporaryDirectory() as tmp:
        base = task.materialize(Path(tmp) / "base")
        work = Path(tmp) / "work"
        copy_tree(base, work)
        if fix:
            import subprocess

            subprocess.run(["git", "apply", str(task.solution_patch)], cwd=work, check=True)
        for rel, text in files.items():
            (work / rel).write_text(text)
        return diff_trees(base, work)


def test_typescript_added_test_ids_without_docker():
    task = load_task(TS_TASK)
    view = PatchView(task, ts_patch(task, {"tests/apostrophe.test.ts": TS_REPRO}))
    assert agent_tests.added_test_ids(view) == ["tests/apostrophe.test.ts::search keeps an apostrophe in the name"]
    assert "tests/apostrophe.test.ts" in agent_tests.trees(view)["original"]


@pytest.mark.docker
def test_a_real_typescript_reproduction_test():
    from harness.images import ImageBuilder
    from harness.sandbox import docker_client

    task = load_task(TS_TASK)
    ts_image = ImageBuilder(docker_client(), log=lambda line: None).ensure_task(task)
    scores = score_trial(task, ts_patch(task, {"tests/apostrophe.test.ts": TS_REPRO}), None, None, None, ts_image)
    assert scores["agent_tests_added"] == 1
    assert scores["agent_tests_fail_before"] == 1 and scores["agent_tests_pass_after"] == 1
    assert scores["agent_tests_pass_gold"] == 1 and scores["repro_test"] is True
    assert scores["tampered"] is False
