"""The hand-labelled report sets are complete and well-formed (no scorer involved).

Three sets: `reports_independent` (written without reading the scorer), `reports_heldout`
(written later, also without reading the scorer or the independent set's wording, to measure the
scorer on reports it was not tuned on) and `reports_blind` (a fresh set by a separate author who
read neither the scorer nor the other sets' reports) and `reports_blind2` (a second blind set by
another separate author, same rules, no sentence shared with the three earlier sets) and
`reports_blind3` (a third blind set by yet another author, same rules, no sentence shared with the
four earlier sets) and `reports_blind4` (a fourth blind set by another author, same rules, no sentence
shared with the five earlier sets) and `reports_blind5` (a fifth blind set by another author, same
rules, at least eight cases on the TypeScript and Go tasks, no sentence shared with the six earlier sets) and
`reports_blind6` (a sixth blind set by another author, same rules, mostly English reports in the styles of
real agent CLIs plus at least ten other languages, at least twelve cases on the TypeScript and Go tasks, no
sentence shared with the seven earlier sets) and `reports_blind7` (a seventh blind set by another author, same
rules, at least thirty English reports and ten in at least six other languages, at least fourteen cases on the
TypeScript and Go tasks, at least twelve recorded as an agent CLI's tool calls, no sentence shared with the eight
earlier sets) and `reports_blind8` (an eighth blind set by another author, same rules and minimums as blind7, at
least sixteen cases recorded as an agent CLI's tool calls, no sentence shared with the nine earlier sets) and
`reports_blind9` (a ninth blind set by another author, same rules and minimums as blind8, no sentence shared with
the ten earlier sets) and `reports_blind10` (a tenth blind set by another author, same minimums as blind8, at least
eight languages besides English and eighteen cases recorded as an agent CLI's tool calls, no sentence shared with
the other sets) and `reports_blind11` (an eleventh blind set by another author, same minimums as blind8 with the
Go invoices tasks counted among the TypeScript and Go cases, no sentence shared with the other sets) and
`reports_blind12` (a twelfth blind set by another author, at least twenty-eight English reports and eight
languages besides English, fourteen cases on the TypeScript and Go tasks and sixteen recorded as an agent CLI's
tool calls, no sentence shared with the other sets) and `reports_blind13` (a thirteenth blind set by another
author, at least twenty-eight English reports and six languages besides English, fourteen cases on the TypeScript
and Go tasks and sixteen recorded as an agent CLI's tool calls, no sentence shared with the other sets) and
`reports_blind14` (a fourteenth blind set by another author, at least twenty-eight English reports and eight
languages besides English, fourteen cases on the TypeScript and Go tasks and sixteen recorded as an agent CLI's
tool calls, no sentence shared with the other sets).
"""

import functools
import re
import tomllib
from pathlib import Path

import pytest

from harness.trajectory import Trajectory

FIXTURES = Path(__file__).parent / "fixtures"
# set name -> (minimum number of cases, minimum number of non-English cases)
SETS = {
    "reports_independent": (40, 10),
    "reports_heldout": (30, 12),
    "reports_blind": (45, 15),
    "reports_blind2": (45, 16),
    "reports_blind3": (50, 16),
    "reports_blind4": (40, 16),
    "reports_blind5": (45, 16),
    "reports_blind6": (45, 16),
    "reports_blind7": (45, 10),
    "reports_blind8": (45, 10),
    "reports_blind9": (45, 10),
    "reports_blind10": (45, 10),
    "reports_blind11": (45, 10),
    "reports_blind12": (45, 10),
    "reports_blind13": (40, 6),
    "reports_blind14": (40, 8),
}
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


def _cases(name: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / name).iterdir() if p.is_dir())


CASES = [case for name in SETS for case in _cases(name)]


@pytest.mark.parametrize("name", SETS)
def test_enough_cases_and_languages(name: str):
    min_cases, min_foreign = SETS[name]
    cases = _cases(name)
    assert len(cases) >= min_cases
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in cases]
    assert sum(lang != "en" for lang in languages) >= min_foreign


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
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


def _sentences(text: str) -> set[str]:
    parts = re.split(r"(?<=[.!?。！？])\s+|\n+", text)
    return {" ".join(p.split()).lower() for p in parts if len(p.strip()) >= 30}


@functools.cache
def _set_sentences(name: str) -> dict[str, set[str]]:
    return {case.name: _sentences((case / "report.md").read_text()) for case in _cases(name)}


@pytest.mark.parametrize("name", SETS)
def test_reports_reuse_no_sentence_of_another_set(name: str):
    """Each set's reports were written apart from the others: no sentence of 30 characters or more
    is in two sets."""
    others = set().union(*(s for other in SETS if other != name for s in _set_sentences(other).values()))
    for case, sentences in _set_sentences(name).items():
        shared = sentences & others
        assert not shared, f"{case} reuses {sorted(shared)}"


# The sets whose cases put the task's instruction.md in the user message, as the prompts render it.
INSTRUCTION_SETS = [
    "reports_blind3",
    "reports_blind4",
    "reports_blind5",
    "reports_blind6",
    "reports_blind7",
    "reports_blind8",
    "reports_blind9",
    "reports_blind10",
    "reports_blind11",
    "reports_blind12",
    "reports_blind13",
    "reports_blind14",
]


@pytest.mark.parametrize("name", INSTRUCTION_SETS)
def test_user_message_is_the_task_instruction(name: str):
    tasks = Path(__file__).parent.parent / "tasks"
    for case in _cases(name):
        trajectory = Trajectory.load(case / "trajectory.json")
        instruction = (tasks / trajectory.task_id / "instruction.md").read_text().strip()
        user = next(m["content"] for m in trajectory.messages if m["role"] == "user")
        assert instruction in user, f"{case.name}: user message is not the task's instruction.md"


def test_blind2_uses_at_least_16_languages_besides_english():
    languages = {tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind2")}
    assert len(languages - {"en"}) >= 16


def test_blind3_uses_at_least_16_languages_besides_english():
    languages = {tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind3")}
    assert len(languages - {"en"}) >= 16


def test_blind4_uses_at_least_16_languages_besides_english():
    languages = {tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind4")}
    assert len(languages - {"en"}) >= 16


def test_blind5_uses_at_least_16_languages_besides_english():
    languages = {tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind5")}
    assert len(languages - {"en"}) >= 16


def test_blind5_has_at_least_8_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind5")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-")) for t in task_ids) >= 8


def test_blind6_uses_at_least_10_languages_besides_english_and_mostly_english():
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind6")]
    assert len(set(languages) - {"en"}) >= 10
    assert languages.count("en") >= 25


def test_blind6_has_at_least_12_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind6")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-")) for t in task_ids) >= 12


def test_blind7_uses_at_least_6_languages_besides_english_and_mostly_english():
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind7")]
    assert len(set(languages) - {"en"}) >= 6
    assert languages.count("en") >= 30


def test_blind7_has_at_least_14_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind7")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-")) for t in task_ids) >= 14


def test_blind7_has_at_least_12_cases_recorded_as_agent_cli_tool_calls():
    shaped = 0
    for case in _cases("reports_blind7"):
        trajectory = Trajectory.load(case / "trajectory.json")
        if trajectory.agent.get("name") and all(step.tool for step in trajectory.steps):
            shaped += 1
    assert shaped >= 12


def test_blind8_uses_at_least_6_languages_besides_english_and_mostly_english():
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind8")]
    assert len(set(languages) - {"en"}) >= 6
    assert languages.count("en") >= 30


def test_blind8_has_at_least_14_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind8")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-")) for t in task_ids) >= 14


def test_blind8_has_at_least_16_cases_recorded_as_agent_cli_tool_calls():
    shaped = 0
    for case in _cases("reports_blind8"):
        trajectory = Trajectory.load(case / "trajectory.json")
        if trajectory.agent.get("name") and all(step.tool for step in trajectory.steps):
            shaped += 1
    assert shaped >= 16


def test_blind9_uses_at_least_6_languages_besides_english_and_mostly_english():
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind9")]
    assert len(set(languages) - {"en"}) >= 6
    assert languages.count("en") >= 30


def test_blind9_has_at_least_14_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind9")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-", "invoices-go-")) for t in task_ids) >= 14


def test_blind9_has_at_least_16_cases_recorded_as_agent_cli_tool_calls():
    shaped = 0
    for case in _cases("reports_blind9"):
        trajectory = Trajectory.load(case / "trajectory.json")
        if trajectory.agent.get("name") and all(step.tool for step in trajectory.steps):
            shaped += 1
    assert shaped >= 16


def test_blind10_uses_at_least_8_languages_besides_english_and_mostly_english():
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind10")]
    assert len(set(languages) - {"en"}) >= 8
    assert languages.count("en") >= 28


def test_blind10_has_at_least_14_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind10")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-")) for t in task_ids) >= 14


def test_blind10_has_at_least_18_cases_recorded_as_agent_cli_tool_calls():
    shaped = 0
    for case in _cases("reports_blind10"):
        trajectory = Trajectory.load(case / "trajectory.json")
        if trajectory.agent.get("name") and all(step.tool for step in trajectory.steps):
            shaped += 1
    assert shaped >= 18


def test_blind11_uses_at_least_6_languages_besides_english_and_mostly_english():
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind11")]
    assert len(set(languages) - {"en"}) >= 6
    assert languages.count("en") >= 30


def test_blind11_has_at_least_14_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind11")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-", "invoices-go-")) for t in task_ids) >= 14


def test_blind11_has_at_least_16_cases_recorded_as_agent_cli_tool_calls():
    shaped = 0
    for case in _cases("reports_blind11"):
        trajectory = Trajectory.load(case / "trajectory.json")
        if trajectory.agent.get("name") and all(step.tool for step in trajectory.steps):
            shaped += 1
    assert shaped >= 16


def test_blind12_uses_at_least_8_languages_besides_english_and_mostly_english():
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind12")]
    assert len(set(languages) - {"en"}) >= 8
    assert languages.count("en") >= 28


def test_blind12_has_at_least_14_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind12")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-", "invoices-go-")) for t in task_ids) >= 14


def test_blind12_has_at_least_16_cases_recorded_as_agent_cli_tool_calls():
    shaped = 0
    for case in _cases("reports_blind12"):
        trajectory = Trajectory.load(case / "trajectory.json")
        if trajectory.agent.get("name") and all(step.tool for step in trajectory.steps):
            shaped += 1
    assert shaped >= 16


def test_blind13_uses_at_least_6_languages_besides_english_and_mostly_english():
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind13")]
    assert len(set(languages) - {"en"}) >= 6
    assert languages.count("en") >= 28


def test_blind13_has_at_least_14_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind13")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-", "invoices-go-")) for t in task_ids) >= 14


def test_blind13_has_at_least_16_cases_recorded_as_agent_cli_tool_calls():
    shaped = 0
    for case in _cases("reports_blind13"):
        trajectory = Trajectory.load(case / "trajectory.json")
        if trajectory.agent.get("name") and all(step.tool for step in trajectory.steps):
            shaped += 1
    assert shaped >= 16


def test_blind14_uses_at_least_8_languages_besides_english_and_mostly_english():
    languages = [tomllib.loads((c / "labels.toml").read_text())["language"] for c in _cases("reports_blind14")]
    assert len(set(languages) - {"en"}) >= 8
    assert languages.count("en") >= 28


def test_blind14_has_at_least_14_cases_on_the_typescript_and_go_tasks():
    task_ids = [tomllib.loads((c / "labels.toml").read_text())["task_id"] for c in _cases("reports_blind14")]
    assert sum(t.startswith(("inventory-ts-", "payments-ts-", "ledger-go-", "invoices-go-")) for t in task_ids) >= 14


def test_blind14_has_at_least_16_cases_recorded_as_agent_cli_tool_calls():
    shaped = 0
    for case in _cases("reports_blind14"):
        trajectory = Trajectory.load(case / "trajectory.json")
        if trajectory.agent.get("name") and all(step.tool for step in trajectory.steps):
            shaped += 1
    assert shaped >= 16
