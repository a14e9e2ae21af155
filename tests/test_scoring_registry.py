"""The metric registry is the one statement of each family's names, the ruff rules and the totals' parts."""

import pytest

from harness.scoring import agent_tests, banned, cost, diff, test_integrity
from harness.scoring.registry import METRICS, RUFF_RULES, Metric, family_names, parts_of, rules_of
from harness.scoring.ruff_runner import RUFF_RULES as RUN_RULES


def test_every_banned_count_is_a_category_of_the_total():
    counts = {n for n in family_names("banned_patterns") if n.startswith("banned_")} - {"banned_total", "banned_any"}
    assert set(parts_of("banned_total")) == counts
    assert banned.CATEGORIES == tuple(n.removeprefix("banned_") for n in parts_of("banned_total"))


def test_ruff_rules_are_read_by_exactly_one_metric_and_all_are_run():
    owners = [name for name, metric in METRICS.items() for _ in metric.ruff_rules]
    assert len(RUFF_RULES) == len(set(RUFF_RULES)) == len(owners)
    assert RUN_RULES == RUFF_RULES
    mapped = set(banned.RUFF_CATEGORY) | test_integrity.LOOSENING_RULES
    assert mapped == set(RUFF_RULES)
    for rule, category in banned.RUFF_CATEGORY.items():
        assert rule in rules_of(f"banned_{category}")


def test_family_modules_emit_their_registry_names():
    assert tuple(diff.NAMES) == family_names("diff")
    assert tuple(cost.metrics(None)) == family_names("cost")
    assert tuple(agent_tests.NAMES) == family_names("agent_tests")
    assert test_integrity.WEAKENED == parts_of("tests_weakened")


def test_metric_fields_are_keywords():
    with pytest.raises(TypeError):
        Metric("correctness", "clause", "binary", True, "definition")
