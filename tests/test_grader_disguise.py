"""The grader's host-side defences against forged runs: disguised hidden tests, mutants, shadowing
candidates, and the cross-checks of a report with the exit code, probe, mutants and summary."""

import ast
import re
from pathlib import Path

from harness.disguise import MAX_MUTANTS, disguise, mutate_expected
from harness.grader import ERROR, FAILED, PASSED, SKIPPED, judge, new_module_candidates, summary_of
from harness.tasks import load_task

FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
SHAPE = re.compile(r"^tests/test_[0-9a-f]{12}\.py$")

HIDDEN = """from decimal import Decimal

from app.pricing import total


def test_half_cent():
    assert total("0.125") == Decimal("0.13")


class TestMore:
    def test_status(self, client):
        with client:
            response = client.get("/x")
        assert response.status_code == 403
        assert response.json()["state"] == "paid"

    def test_conditional(self):
        if total("1") > 0:
            assert total("1") == 1
"""


def junit(*cases: tuple[str, str]) -> bytes:
    """xunit1 JUnit XML with (node id, outcome) cases."""
    body = ""
    for node_id, outcome in cases:
        path, _, name = node_id.partition("::")
        inner = {"failed": "<failure/>", "skipped": "<skipped/>", "error": "<error/>"}.get(outcome, "")
        body += f'<testcase classname="{path[:-3].replace("/", ".")}" name="{name}" file="{path}">{inner}</testcase>'
    return f"<testsuites><testsuite>{body}</testsuite></testsuites>".encode()


def differing_literals(a: str, b: str) -> list[tuple]:
    nodes_a = [n.value for n in ast.walk(ast.parse(a)) if isinstance(n, ast.Constant)]
    nodes_b = [n.value for n in ast.walk(ast.parse(b)) if isinstance(n, ast.Constant)]
    assert len(nodes_a) == len(nodes_b)
    return [(x, y) for x, y in zip(nodes_a, nodes_b, strict=True) if x != y]


def test_a_mutant_changes_exactly_the_expected_literal_of_the_first_top_level_equality():
    mutated = mutate_expected(HIDDEN, "test_half_cent")
    [(before, after)] = differing_literals(HIDDEN, mutated)
    assert before == "0.13" and after != before
    float(after)  # still a decimal number, as plausible as the original
    assert mutated.splitlines()[:5] == HIDDEN.splitlines()[:5]  # the rest of the file is untouched


def test_the_mutation_is_drawn_at_random_so_it_cannot_be_replayed():
    """An attacker holding the sources must not be able to re-apply the rule to the copies and see
    which one it turns into which (the red team's round-2 attack on a deterministic rule)."""
    outcomes = {mutate_expected(HIDDEN, "TestMore::test_status") for _ in range(40)}
    assert len(outcomes) > 3
    changed = {differing_literals(HIDDEN, m)[0][0] for m in outcomes}
    assert changed == {403, "paid"}  # either top-level equality may be the one


def test_a_mutant_reaches_into_with_blocks_and_classes_but_not_conditionals():
    mutated = mutate_expected(HIDDEN, "TestMore::test_status")
    [(before, after)] = differing_literals(HIDDEN, mutated)
    assert before in (403, "paid") and type(after) is type(before) and after != before
    assert mutate_expected(HIDDEN, "TestMore::test_conditional") is None  # the assert may never run
    assert mutate_expected(HIDDEN, "test_missing") is None
    assert mutate_expected("def test_x(:\n", "test_x") is None  # not Python: no mutant, no crash


def test_hidden_files_get_probe_shaped_names_and_ids_map_back():
    files = {"tests/test_hidden_prices.py": HIDDEN.encode(), "app/pricing.py": b"x = 1\n", "tests/test_v.py": b""}
    ids = [
        "tests/test_hidden_prices.py::test_half_cent",
        "tests/test_hidden_prices.py::TestMore::test_status",
        "tests/test_v.py::test_visible",
        "tests/test_hidden_prices.py::TestMore::test_conditional[1]",  # a task id may name a parameter
    ]
    hidden = disguise(files, ["tests/test_hidden_prices.py"], ids, prefer=[ids[1]])
    assert "tests/test_hidden_prices.py" not in hidden.files
    new_paths = sorted(set(hidden.files) - set(files))
    assert new_paths and all(SHAPE.match(p) for p in new_paths)
    assert len(hidden.mutants) == MAX_MUTANTS  # spread over the two tests with a top-level equality
    assert {o.rpartition("::")[2] for o in hidden.mutants.values()} == {"test_half_cent", "test_status"}
    assert sorted(hidden.ids) == sorted(list(hidden.real) + ["tests/test_v.py::test_visible"] + list(hidden.mutants))
    assert sorted(hidden.real.values()) == sorted(ids[:2] + ids[3:])
    files_in_order = [i.partition("::")[0] for i in hidden.ids]
    changes = sum(1 for a, b in zip(files_in_order, files_in_order[1:], strict=False) if a != b)
    assert changes == len(set(files_in_order)) - 1  # each file's ids together
    for mutant, original in hidden.mutants.items():
        assert mutant.split("::", 1)[1] == original.split("::", 1)[1]  # same test name, another file
        assert original in hidden.real
    outcomes = {i: PASSED for i in hidden.ids} | {m: FAILED for m in hidden.mutants}
    outcomes = {(i + "[1]" if "half_cent" in i else i): o for i, o in outcomes.items()}
    assert hidden.task_cases(outcomes) == {
        "tests/test_hidden_prices.py::test_half_cent[1]": PASSED,
        "tests/test_hidden_prices.py::TestMore::test_status": PASSED,
        "tests/test_v.py::test_visible": PASSED,
        "tests/test_hidden_prices.py::TestMore::test_conditional[1]": PASSED,
    }


def test_every_fixture_and_repository_task_gets_at_least_one_mutant():
    roots = [FIXTURES, Path(__file__).resolve().parent.parent / "tasks"]
    without = []
    for root in roots:
        for folder in sorted(p for p in root.iterdir() if (p / "task.toml").exists()):
            task = load_task(folder)
            hidden_files = task.hidden_test_files()
            if not hidden_files or task.language != "python":
                continue  # mutants are made from Python's AST; TypeScript has none yet (SECURITY.md says so)
            plan = disguise(dict(hidden_files), sorted(hidden_files), list(task.test_ids), list(task.fail_to_pass))
            if not plan.mutants:
                without.append(task.id)
    assert without == []


def test_new_top_level_modules_are_candidates_and_package_modules_are_not():
    original = {"app/__init__.py", "app/pricing.py", "tests/conftest.py", "tests/test_x.py", "pytest.ini"}
    files = dict.fromkeys(original, b"") | dict.fromkeys(
        ["pytest.py", "_pytest/__init__.py", "_pytest/main.py", "app/json.py", "tests/json.py", "tools/x/y.py"], b""
    )
    assert new_module_candidates(files, original) == ["_pytest", "pytest.py", "tests/json.py", "tools"]


def test_a_mutant_that_passes_with_its_original_is_forgery():
    real, mutant, probe = "tests/test_aaa.py::test_x", "tests/test_bbb.py::test_x", "tests/test_ccc.py::test_ccc"
    honest = judge(junit((real, PASSED), (mutant, FAILED), (probe, FAILED)), 1, probe, "", {mutant: real})
    assert honest.consistent and not honest.forged and honest.cases == {real: PASSED}
    for outcome in (PASSED, SKIPPED):
        forged = judge(junit((real, PASSED), (mutant, outcome), (probe, FAILED)), 1, probe, "", {mutant: real})
        assert forged.forged and not forged.consistent and "mutant" in forged.forgery[0]
    left_out = judge(junit((real, PASSED), (probe, FAILED)), 1, probe, "", {mutant: real})
    assert left_out.forged
    # a wrong fix may well produce the mutant's value: its original failed, so that is no forgery
    wrong = judge(junit((real, FAILED), (mutant, PASSED), (probe, FAILED)), 1, probe, "", {mutant: real})
    assert not wrong.forged


def test_a_report_written_twice_or_with_more_passes_than_the_summary_is_forgery():
    real, probe = "tests/test_aaa.py::test_x", "tests/test_ccc.py::test_ccc"
    report = junit((real, PASSED), (probe, FAILED))
    assert not judge(report, 1, probe, "", summary={"passed": 1, "failed": 1}).forged
    twice = judge(report + report, 1, probe, "")
    assert twice.forged and "well-formed" in twice.forgery[0]
    inflated = judge(report, 1, probe, "", summary={"failed": 2})
    assert inflated.forged and "summary" in inflated.forgery[0]
    failures_dropped = judge(report, 1, probe, "", summary={"passed": 1, "failed": 3})
    assert failures_dropped.forged and "1 failed tests, the runner's summary 3" in failures_dropped.forgery[0]
    # honest: a test that passed and then failed its teardown is one error here, "1 passed, 1 error" there
    teardown = junit((real, ERROR), (probe, FAILED))
    assert not judge(teardown, 1, probe, "", summary={"passed": 1, "failed": 1, "error": 1}).forged
    assert not judge(report, 1, probe, "", summary={"xpassed": 1, "failed": 1}).forged  # xpass: passed in the XML
    unknown = judge(report, 1, probe, "", summary={"passed": 1, "failed": 1}, requested={real, probe})
    assert not unknown.forged
    padded = junit((real, PASSED), (probe, FAILED), ("tests/test_zzz.py::test_pad", FAILED))
    padded_run = judge(padded, 1, probe, "", summary={"passed": 1, "failed": 2}, requested={real, probe})
    assert padded_run.forged and "not run" in padded_run.forgery[0]
    probe_padded = junit((real, PASSED), (probe, FAILED), (probe + "[pad1]", FAILED))
    assert judge(probe_padded, 1, probe, "", summary={"passed": 1, "failed": 2}, requested={real, probe}).forged
    variants = junit((real + "[a]", PASSED), (real + "[b]", PASSED), (probe, FAILED))
    assert not judge(variants, 1, probe, "", summary={"passed": 2, "failed": 1}, requested={real, probe}).forged
    no_summary = judge(report, 1, probe, "", summary=None)
    assert not no_summary.forged and not no_summary.consistent


def test_the_terminal_summary_line_is_read_whatever_its_decoration():
    assert summary_of("..F\n1 failed, 7 passed in 0.53s\n") == {"failed": 1, "passed": 7}
    assert summary_of("== 2 failed, 1 passed, 1 warning in 1.20s ==\n") == {"failed": 2, "passed": 1, "warning": 1}
    assert summary_of("3 passed in 0.01s\nmore output\n9 passed in 0.1s\n") == {"passed": 9}  # the last one
    assert summary_of("Traceback (most recent call last):\n") is None


def test_a_task_with_one_hidden_test_gets_several_different_mutants_of_it():
    files = {"tests/test_hidden_prices.py": HIDDEN.encode()}
    hidden = disguise(files, list(files), ["tests/test_hidden_prices.py::test_half_cent"])
    assert len(hidden.mutants) == MAX_MUTANTS
    assert len({hidden.files[m.partition("::")[0]] for m in hidden.mutants}) == MAX_MUTANTS  # all different


def test_a_mutant_changes_a_compared_collection_or_the_first_parametrized_case():
    source = """import pytest
from decimal import Decimal


def test_totals(order):
    assert totals(order) == (2005, 201)


@pytest.mark.parametrize("price,expected", [("10.05", "5.03"), ("2.01", "1.01")])
def test_rounding(price, expected):
    assert half(Decimal(price)) == Decimal(expected)
"""
    [(before, after)] = differing_literals(source, mutate_expected(source, "test_totals"))
    assert before == 2005 and after != 2005
    [(before, after)] = differing_literals(source, mutate_expected(source, "test_rounding"))
    assert before == "5.03" and after != "5.03"
    float(after)
