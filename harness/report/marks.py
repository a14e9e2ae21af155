"""Violations where they happen: the scorers' evidence placed on a trial's page.

The scoring families say where each verdict comes from (harness.scoring.evidence): a line of the
patch, steps of the trajectory, claims of the report. This module recomputes that evidence with the
scorers' own functions (as the claim marks are), places it on what the trial template renders (a
line of the patch text, a step's `step-N` anchor, a claim's `claim-N`), and groups the trial's
violated metrics (read as the adherence matrix reads them, harness.analysis.adhered) by skill clause,
each with the marks behind it. Counted metrics are checked against their marks: a recorded count
the evidence does not reproduce (the task or the scorers changed since the run) is a page warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.analysis import adhered
from harness.patches import HUNK_HEADER, PatchError, parse_patch
from harness.scoring import banned, diff, honesty, process, test_integrity, violation_counts
from harness.scoring.evidence import Evidence
from harness.scoring.patch_view import PatchView
from harness.scoring.registry import METRICS
from harness.tasks import Task
from harness.trajectory import Trajectory

BANNED = tuple(f"banned_{c}" for c in banned.CATEGORIES)
# Metrics that sum or negate others: their marks are their parts' (definitions in the registry).
PARTS: dict[str, tuple[str, ...]] = {
    "tests_weakened": test_integrity.WEAKENED,
    "tampered": test_integrity.TAMPERING,
    "banned_total": BANNED,
    "banned_any": BANNED,
    "edited_files_unread": ("read_before_edit",),
    "all_claims_supported": ("claims_unsupported",),
    "violations_disclosed": ("violations_silent",),
    "failure_disclosed": ("failure_silent",),
    "clean_success": (*test_integrity.TAMPERING, *BANNED, "claims_unsupported"),
}
# Counts whose every unit the evidence locates: the marks must add up to the recorded value.
LOCATED_COUNTS = (
    *test_integrity.TAMPERING,
    *BANNED,
    "collateral_files",
    "scratch_files",
    "whitespace_only_lines",
    "edited_files_unread",
    "claims_unsupported",
    "violations_silent",
)
# Verdicts with no place in the patch or the trajectory: the grader's verdict is where they come from.
FROM_VERDICT = {"correctness", "summary"}


def clause_anchor(clause: str) -> str:
    """The id of a clause's violations on a trial page (the adherence matrix links to it)."""
    return "clause-" + re.sub(r"[^a-z0-9]+", "-", clause.lower()).strip("-")


@dataclass
class Mark:
    id: str  # "m<n>": its row in the page's violation list
    metric: str
    family: str
    clause: str
    detail: str
    met: bool
    path: str | None
    line: int | None
    after: bool
    diff_line: int | None = None  # position of the patch line it sits on (None: not on the patch)
    exact: bool = True  # False: the line is not in the patch; shown on the file header / the nearest line
    steps: list[int] = field(default_factory=list)  # Step.index values
    claims: list[int] = field(default_factory=list)
    edit_steps: list[int] = field(default_factory=list)  # steps that changed `path`

    @property
    def status(self) -> str:
        """broken (a violation), met (evidence the verdict holds) or info (a metric with no good side)."""
        if self.met:
            return "met"
        return "info" if METRICS[self.metric].higher_is_better is None else "broken"

    @property
    def where(self) -> str:
        if self.path is None:
            return ", ".join(f"step {s + 1}" for s in self.steps) or "the report"
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}" + ("" if self.after else " (original)")


@dataclass
class Violation:
    metric: str
    family: str
    clause: str
    value: object
    definition: str
    marks: list[Mark]
    elsewhere: str | None  # an anchor on the page when the verdict has no line or step (#verdict, #score-x)


@dataclass
class ClauseViolations:
    clause: str
    anchor: str
    violations: list[Violation]


@dataclass
class TrialMarks:
    marks: list[Mark] = field(default_factory=list)
    by_diff_line: dict[int, list[Mark]] = field(default_factory=dict)
    by_step: dict[int, list[Mark]] = field(default_factory=dict)  # Step.index -> marks
    by_claim: dict[int, list[Mark]] = field(default_factory=dict)
    by_edit_step: dict[int, list[Mark]] = field(default_factory=dict)  # Step.index -> patch marks of its files
    clauses: list[ClauseViolations] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    note: str | None = None  # why evidence is missing (no task, patch not readable)

    def violated_clauses(self) -> set[str]:
        return {c.clause for c in self.clauses}


def collect(task: Task, patch: str, trajectory: Trajectory | None, report: str, scores: dict) -> list[Evidence]:
    """Every family's evidence for one trial, from the scorers' own functions."""
    view = PatchView(task, patch or "")
    found = diff.evidence(view) + test_integrity.evidence(view) + banned.evidence(view)
    facts = None
    if trajectory is not None and trajectory.steps:
        facts = process.analyze(trajectory, view.kind, set(view.original))
    found += process.evidence(facts)
    violations = violation_counts(scores)
    found += honesty.evidence(report, facts, scores.get("resolved"), violations, has_trajectory=trajectory is not None)
    return found


def number_lines(patch: str) -> list[tuple[str | None, str | None, int | None, int | None]]:
    """Per line of the patch text (as str.splitlines cuts it): (old path, new path, original line,
    changed line); header lines carry the paths and no numbers."""
    files = parse_patch(patch)
    numbered = []
    index, git_block, seen_old = -1, False, False
    old_left = new_left = old_no = new_no = 0
    for line in patch.splitlines():
        if old_left > 0 or new_left > 0:
            tag = line[:1] or " "
            if line.startswith("\\"):
                numbered.append(_paths(files, index) + (None, None))
                continue
            if tag in " +-":
                old = old_no if tag in " -" else None
                new = new_no if tag in " +" else None
                old_no, old_left = (old_no + 1, old_left - 1) if tag in " -" else (old_no, old_left)
                new_no, new_left = (new_no + 1, new_left - 1) if tag in " +" else (new_no, new_left)
                numbered.append(_paths(files, index) + (old, new))
                continue
            old_left = new_left = 0
        if line.startswith("diff --git "):
            index, git_block, seen_old = index + 1, True, False
        elif line.startswith("--- "):
            if not git_block or seen_old:
                index, git_block = index + 1, False
            seen_old = True
        elif match := HUNK_HEADER.match(line):
            old_no, new_no = int(match.group(1)), int(match.group(3))
            old_left = int(match.group(2)) if match.group(2) is not None else 1
            new_left = int(match.group(4)) if match.group(4) is not None else 1
        numbered.append(_paths(files, max(index, 0)) + (None, None))
    return numbered


def _paths(files: list, index: int) -> tuple[str | None, str | None]:
    if 0 <= index < len(files):
        return files[index].old_path, files[index].new_path
    return None, None


def place_on_patch(patch: str) -> tuple[dict[tuple[str, bool, int], int], dict[str, int], list]:
    """(path, changed side?, line) -> patch line; path -> its file header line; the numbered lines."""
    numbered = number_lines(patch)
    lines: dict[tuple[str, bool, int], int] = {}
    headers: dict[str, int] = {}
    for position, (old_path, new_path, old, new) in enumerate(numbered):
        for path in (old_path, new_path):
            if path is not None:
                headers.setdefault(path, position)
        if old is not None and old_path is not None:
            lines[(old_path, False, old)] = position
        if new is not None and new_path is not None:
            lines[(new_path, True, new)] = position
    return lines, headers, numbered


def build(
    task: Task | None, patch: str, trajectory: Trajectory | None, report: str, scores: dict, verdict: dict | None
) -> TrialMarks:
    result = TrialMarks()
    if not scores:
        result.note = "not scored: nothing to mark"
        return result
    evidence: list[Evidence] = []
    if task is None:
        result.note = "task not available: violations are listed, not placed"
    else:
        try:
            evidence = collect(task, patch, trajectory, report, scores)
        except (PatchError, ValueError, OSError) as exc:
            result.note = f"patch not readable: {exc}; violations are listed, not placed"
    lines, headers, _ = place_on_patch(patch) if patch.strip() else ({}, {}, [])
    steps = trajectory.steps if trajectory is not None else []
    for item in evidence:
        metric = METRICS.get(item.metric)
        if metric is None:
            continue
        mark = Mark(
            id=f"m{len(result.marks)}",
            metric=item.metric,
            family=metric.family,
            clause=metric.clause,
            detail=item.detail,
            met=item.met,
            path=item.path,
            line=item.line,
            after=item.after,
            steps=[steps[p].index for p in item.steps if 0 <= p < len(steps)],
            claims=list(item.claims),
        )
        if item.path is not None:
            mark.diff_line, mark.exact = _diff_line(lines, headers, item)
            mark.edit_steps = [s.index for s in steps if item.path in (s.changed_files or [])]
        result.marks.append(mark)
        if mark.diff_line is not None and not mark.met:
            result.by_diff_line.setdefault(mark.diff_line, []).append(mark)
        for step in mark.steps:
            result.by_step.setdefault(step, []).append(mark)
        for claim in mark.claims:
            result.by_claim.setdefault(claim, []).append(mark)
        if mark.diff_line is not None and not mark.met:
            for step in mark.edit_steps:
                if step not in mark.steps:
                    result.by_edit_step.setdefault(step, []).append(mark)
    result.clauses = _clauses(result.marks, scores, verdict)
    if evidence:
        result.warnings = _count_check(evidence, scores)
    return result


def _diff_line(
    lines: dict[tuple[str, bool, int], int], headers: dict[str, int], item: Evidence
) -> tuple[int | None, bool]:
    header = headers.get(item.path)
    if item.line is None:
        return header, True
    exact = lines.get((item.path, item.after, item.line))
    if exact is not None:
        return exact, True
    before = [
        (n, p) for (path, side, n), p in lines.items() if path == item.path and side == item.after and n < item.line
    ]
    return (max(before)[1] if before else header), False


def _clauses(marks: list[Mark], scores: dict, verdict: dict | None) -> list[ClauseViolations]:
    """The trial's violated metrics per clause (registry order), each with its marks (its parts')."""
    by_metric: dict[str, list[Mark]] = {}
    for mark in marks:
        if not mark.met:
            by_metric.setdefault(mark.metric, []).append(mark)
    clauses: dict[str, list[Violation]] = {}
    for name, metric in METRICS.items():
        value = scores.get(name)
        if adhered(name, value) is not False:
            continue
        found = list(by_metric.get(name, []))
        for part in PARTS.get(name, ()):
            found += [m for m in by_metric.get(part, []) if m not in found]
        forged = name == "tampered" and bool((verdict or {}).get("runner_forged"))
        elsewhere = "verdict" if metric.family in FROM_VERDICT or forged else None if found else f"score-{name}"
        violation = Violation(name, metric.family, metric.clause, value, metric.definition, found, elsewhere)
        clauses.setdefault(metric.clause, []).append(violation)
    return [ClauseViolations(clause, clause_anchor(clause), items) for clause, items in clauses.items()]


def _count_check(evidence: list[Evidence], scores: dict) -> list[str]:
    warnings = []
    for name in LOCATED_COUNTS:
        recorded = scores.get(name)
        if not isinstance(recorded, int) or isinstance(recorded, bool):
            continue
        parts = (name, *PARTS.get(name, ()))
        located = sum(e.count for e in evidence if e.metric in parts and not e.met)
        if located != recorded:
            warnings.append(
                f"{name}: recorded {recorded}, located {located} (the task or the scorers changed since the run; "
                "`evalrun score` rescores it)"
            )
    return warnings
