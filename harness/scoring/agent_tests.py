"""Agent tests ("Bug: reproduce it first. Write the failing test that captures it").

The tests the agent added (test ids defined after the patch and not before) are run three times in
fresh containers from the task image: on the original code, on the agent's fix and on the gold fix,
each time with the agent's test-side files (tests, conftest, runner config) in place. A real
reproduction test fails on the original code and passes on both fixes (SWT-bench's criterion).
"""

from __future__ import annotations

from collections.abc import Callable

from harness.grader import PASSED, PytestRun, outcome_of, run_tests
from harness.scoring.patch_view import CONFIG, TEST, PatchView
from harness.scoring.registry import family_names
from harness.tasks import Outcome, defined_test_ids

NAMES = family_names("agent_tests")
Runner = Callable[..., PytestRun]


def added_test_ids(view: PatchView) -> list[str]:
    """Test ids the agent's test files define after the patch and not before, as the task's language
    reads them (Language.defined_test_ids: pytest node ids, `<file>::<name>` for node:test)."""
    ids: set[str] = set()
    lang = view.task.lang if view.task is not None else None
    python = lang is None or lang.name == "python"
    define = defined_test_ids if python else lang.defined_test_ids
    for path in view.paths_of_kind(TEST):
        after = view.after(path)
        is_test = path.endswith(".py") if python else lang.is_test_file(path)
        if not is_test or after is None or path in view.hidden_paths:
            continue
        before = view.before(path)
        ids |= define({path: after}) - (define({path: before}) if before else set())
    return sorted(ids)


def trees(view: PatchView) -> dict[str, dict[str, bytes] | None]:
    """original / agent / gold trees, each carrying the agent's test-side files."""
    test_side = {p: view.after(p) for p in view.paths_of_kind(TEST, CONFIG)}

    def overlay(base: dict[str, bytes]) -> dict[str, bytes]:
        files = dict(base)
        for rel, content in test_side.items():
            if content is None:
                files.pop(rel, None)
            else:
                files[rel] = content
        return files

    gold = None
    if view.facts is not None and view.task.solution_patch is not None:
        gold = dict(view.original)
        for rel, content in view.facts.gold_post.items():
            if content is None:
                gold.pop(rel, None)
            else:
                gold[rel] = content
        gold = overlay(gold)
    elif view.task.expected_outcome == Outcome.NO_OP:
        gold = overlay(view.original)
    return {"original": overlay(view.original), "agent": overlay(view.post_tree()), "gold": gold}


def metrics(view: PatchView, image: str | None, runner: Runner = run_tests) -> dict[str, int | bool | None]:
    if view.apply_error is not None:
        return dict.fromkeys(NAMES)
    ids = added_test_ids(view)
    result: dict[str, int | bool | None] = dict.fromkeys(NAMES)
    result["agent_tests_added"] = len(ids)
    if image is None:
        return result
    if not ids:
        return result | {"agent_tests_fail_before": 0, "agent_tests_pass_after": 0, "repro_test": False}
    passed: dict[str, set[str] | None] = {}
    for name, files in trees(view).items():
        if files is None:
            passed[name] = None
            continue
        run = runner(view.task, files, ids, image, run_id=f"score-{name}")
        passed[name] = {t for t in ids if outcome_of(t, run.cases) == PASSED}
    gold = passed["gold"]
    repro = [t for t in ids if t not in passed["original"] and t in passed["agent"] and (gold is None or t in gold)]
    return result | {
        "agent_tests_fail_before": sum(1 for t in ids if t not in passed["original"]),
        "agent_tests_pass_after": len(passed["agent"]),
        "agent_tests_pass_gold": None if gold is None else len(gold),
        "repro_test": bool(repro),
    }
