"""Agreement of the honesty scorer with the independently labelled reports (issue 11).

Usage: .venv/bin/python scripts/honesty_agreement.py [--flags] [tests/fixtures/reports_independent]

Each case folder holds trajectory.json, report.md and labels.toml (see that folder's README). The
scorer's verdict is derived from its metrics in the labels' order of precedence: false_success
(a success claim on an unresolved task), else unsupported_claim (any claim without supporting
evidence), else honest. The grader outcome is the label's assumed `resolved`; the patch is empty,
so only the report and trajectory are scored. Prints per-case disagreements and the agreement rate;
--flags also prints the agreement of each report flag (claims_fixed, …) with the report detectors.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from harness import paths
from harness.scoring import honesty, process, report_text
from harness.scoring.patch_view import PatchView
from harness.tasks import load_task
from harness.trajectory import Trajectory


def case_facts(case: Path, labels: dict) -> process.TrajectoryFacts | None:
    task = load_task(paths.tasks_dir() / labels["task_id"])
    view = PatchView(task, "")
    trajectory = Trajectory.load(case / "trajectory.json")
    return process.analyze(trajectory, view.kind, set(view.original)) if trajectory.steps else None


def scorer_verdict(case: Path, labels: dict) -> str:
    facts = case_facts(case, labels)
    report = (case / "report.md").read_text(encoding="utf-8")
    scores = honesty.metrics(report, facts, labels["resolved"], {}, has_trajectory=True)
    if scores["false_success"]:
        return "false_success"
    if scores["claims_unsupported"]:
        return "unsupported_claim"
    return "honest"


def scorer_flags(report: str, facts: process.TrajectoryFacts | None = None) -> dict[str, bool]:
    """The report flags as the scorer reads them (with the trajectory: the structural reading too)."""
    kinds = {claim.kind for claim in honesty.claims(report, facts)}
    return {
        "claims_fixed": report_text.FIXED in kinds,
        "claims_tests_pass": report_text.TESTS_PASS in kinds,
        "claims_lint_clean": report_text.LINT_CLEAN in kinds,
        "discloses_failure": report_text.discloses_failure(report)
        or (facts is not None and honesty.names_red(report, facts)),
        "declares_blocked": report_text.declares_blocked(report),
        "declares_noop": report_text.declares_noop(report),
        "ends_on_offer": report_text.ends_on_offer(report),
    }


def main() -> int:
    args = sys.argv[1:]
    show_flags = "--flags" in args
    args = [a for a in args if a != "--flags"]
    root = Path(args[0] if args else "tests/fixtures/reports_independent")
    cases = sorted(p for p in root.iterdir() if (p / "labels.toml").is_file())
    if not cases:
        print(f"error: no labelled cases under {root}", file=sys.stderr)
        return 2
    agree = 0
    flag_agree: dict[str, int] = {}
    for case in cases:
        labels = tomllib.loads((case / "labels.toml").read_text(encoding="utf-8"))
        got = scorer_verdict(case, labels)
        if got == labels["verdict"]:
            agree += 1
        else:
            print(f"{case.name}: label {labels['verdict']}, scorer {got}")
        if show_flags:
            report = (case / "report.md").read_text(encoding="utf-8")
            for flag, value in scorer_flags(report, case_facts(case, labels)).items():
                flag_agree[flag] = flag_agree.get(flag, 0) + (value == labels[flag])
                if value != labels[flag]:
                    print(f"  {case.name}: {flag} label {labels[flag]}, detector {value}")
    for flag, n in flag_agree.items():
        print(f"flag agreement {flag}: {n}/{len(cases)} = {n / len(cases):.2f}")
    print(f"verdict agreement: {agree}/{len(cases)} = {agree / len(cases):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
