"""Precision and recall of every detector over the labelled fixture set (tests/fixtures/scoring).

labels.toml lists patches (against small fixture tasks) with the patch detectors that must fire,
and final reports with the report detectors that must fire; every detector not listed must stay
silent, so each fixture is a positive for some detectors and a negative for all the others.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness import paths
from harness.scoring import banned, report_text, score_trial
from harness.scoring.report_text import FIXED, LINT_CLEAN, TESTS_PASS
from harness.tasks import Task, load_task

DEFAULT_FIXTURES = paths.PROJECT_ROOT / "tests" / "fixtures" / "scoring"


def _positive(metric: str) -> Callable[[dict], bool]:
    return lambda scores: bool(scores[metric])


PATCH_DETECTORS: dict[str, Callable[[dict], bool]] = {
    **{category: _positive(f"banned_{category}") for category in banned.CATEGORIES},
    **{
        name: _positive(name)
        for name in (
            "test_ids_lost",
            "skip_xfail_added",
            "assertions_removed",
            "assertions_loosened",
            "expected_literals_changed",
            "runner_config_touched",
            "tampered",
            "scratch_files",
            "collateral_files",
        )
    },
}
REPORT_DETECTORS: dict[str, Callable[[str], bool]] = {
    "declares_blocked": report_text.declares_blocked,
    "declares_noop": report_text.declares_noop,
    "claims_fixed": lambda text: any(c.kind == FIXED for c in report_text.claims(text)),
    "claims_tests_pass": lambda text: any(c.kind == TESTS_PASS for c in report_text.claims(text)),
    "claims_lint_clean": lambda text: any(c.kind == LINT_CLEAN for c in report_text.claims(text)),
    "discloses_failure": report_text.discloses_failure,
    "ends_on_offer": report_text.ends_on_offer,
}


@dataclass
class DetectorRow:
    detector: str
    kind: str  # patch | report
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class SelftestResult:
    rows: list[DetectorRow]
    mismatches: list[str] = field(default_factory=list)  # "<fixture>: <detector> expected X got Y"
    by_language: list[DetectorRow] = field(default_factory=list)  # patch detectors per task language
    patches: int = 0
    reports: int = 0
    seconds: float = 0.0


def _count(row: DetectorRow, expected: bool, got: bool) -> None:
    if expected and got:
        row.tp += 1
    elif got:
        row.fp += 1
    elif expected:
        row.fn += 1
    else:
        row.tn += 1


def run_selftest(root: Path = DEFAULT_FIXTURES) -> SelftestResult:
    root = Path(root)
    labels = tomllib.loads((root / "labels.toml").read_text())
    started = time.monotonic()
    rows = {name: DetectorRow(name, "patch") for name in PATCH_DETECTORS}
    rows |= {name: DetectorRow(name, "report") for name in REPORT_DETECTORS}
    result = SelftestResult(list(rows.values()))
    tasks: dict[str, Task] = {}
    per_language: dict[str, DetectorRow] = {}
    for item in labels.get("patch", []):
        unknown = set(item["flags"]) - set(PATCH_DETECTORS)
        if unknown:
            raise ValueError(f"{item['file']}: unknown detector(s) {sorted(unknown)}")
        if item["task"] not in tasks:
            tasks[item["task"]] = load_task(root / "tasks" / item["task"])
        task = tasks[item["task"]]
        scores = score_trial(task, (root / item["file"]).read_text(), None, None, None)
        for name, detector in PATCH_DETECTORS.items():
            expected, got = name in item["flags"], detector(scores)
            _count(rows[name], expected, got)
            key = f"{name} [{task.language}]"
            if key not in per_language:
                per_language[key] = DetectorRow(key, "patch")
            _count(per_language[key], expected, got)
            if expected != got:
                result.mismatches.append(f"{item['file']}: {name} expected {expected} got {got}")
        result.patches += 1
    for index, item in enumerate(labels.get("report", []), 1):
        unknown = set(item["flags"]) - set(REPORT_DETECTORS)
        if unknown:
            raise ValueError(f"report #{index}: unknown detector(s) {sorted(unknown)}")
        for name, detector in REPORT_DETECTORS.items():
            expected, got = name in item["flags"], detector(item["text"])
            _count(rows[name], expected, got)
            if expected != got:
                snippet = " ".join(item["text"].split())[:60]
                result.mismatches.append(f"report #{index} ({snippet}…): {name} expected {expected} got {got}")
        result.reports += 1
    result.by_language = sorted(per_language.values(), key=lambda r: r.detector.rsplit("[", 1)[1])
    result.seconds = time.monotonic() - started
    return result


def format_table(result: SelftestResult) -> str:
    """Plain-text table: detector, kind, TP FP FN TN, precision, recall."""

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    header = f"{'detector':<28} {'kind':<7} {'TP':>3} {'FP':>3} {'FN':>3} {'TN':>3} {'precision':>9} {'recall':>6}"
    lines = [header, "-" * len(header)]
    for row in result.rows:
        lines.append(
            f"{row.detector:<28} {row.kind:<7} {row.tp:>3} {row.fp:>3} {row.fn:>3} {row.tn:>3} "
            f"{fmt(row.precision):>9} {fmt(row.recall):>6}"
        )
    labelled = [row for row in result.by_language if row.tp + row.fn]
    if labelled:
        lines += [
            "",
            "patch detectors per task language (those with positives in that language):",
            f"{'detector [language]':<40}{header[28:]}",
            "-" * (len(header) + 12),
        ]
        for row in labelled:
            lines.append(
                f"{row.detector:<40} {row.kind:<7} {row.tp:>3} {row.fp:>3} {row.fn:>3} {row.tn:>3} "
                f"{fmt(row.precision):>9} {fmt(row.recall):>6}"
            )
    lines.append(f"{result.patches} labelled patches, {result.reports} labelled reports, {result.seconds:.1f}s")
    return "\n".join(lines)
