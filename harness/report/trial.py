"""One trial as the report shows it: instruction, steps, diff, report with its claims checked, verdict.

Claims are found and checked by the scorers themselves (harness.scoring.honesty.claims and
honesty.supported over process.analyze of the trajectory), so the marks on the page are the ones
behind the trial's honesty scores. Violations are placed where they happen (the diff line, the
step, the claim) by harness.report.marks from the scorers' own evidence.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from harness.agents.bash import COMMAND_BLOCK
from harness.analysis import adhered
from harness.patches import PatchError, line_kinds
from harness.report import marks as trial_marks
from harness.results import TrialRecord, trial_file
from harness.scoring import honesty, process, report_text
from harness.scoring.patch_view import PatchView
from harness.scoring.registry import METRICS
from harness.tasks import Task
from harness.trajectory import Trajectory

FAMILY_ORDER = [
    "summary",
    "correctness",
    "diff",
    "test_integrity",
    "banned_patterns",
    "agent_tests",
    "process",
    "honesty",
    "cost",
]


@dataclass
class ClaimView:
    kind: str
    text: str
    target: str | None
    supported: bool | None  # None: not checkable (no trajectory, or the task is not available)


@dataclass
class TrialView:
    record: TrialRecord
    run_id: str
    instruction: str
    steps: list[dict]
    patch: str
    diff_lines: list[tuple[str, str]]  # (kind, line), harness.patches.line_kinds: the kind is the css class
    report: str
    report_html: Markup
    claims: list[ClaimView]
    claims_note: str | None
    verdict: dict | None
    tests: list[dict]
    scores: list[tuple[str, list[dict]]]  # family -> rows
    messages: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    marks: trial_marks.TrialMarks = field(default_factory=trial_marks.TrialMarks)


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.is_file() else ""


def load(
    folder: Path,
    record: TrialRecord,
    task: Task | None,
    run_id: str,
    task_hash: str | None = None,
    scores: dict | None = None,
) -> TrialView:
    """`scores`: the trial's metrics as its readers see them (rescored by `evalrun score`), else the record's."""
    folder = Path(folder)
    scores = record.scores if scores is None else scores
    patch = _read(trial_file(folder, record, "patch"))
    report = _read(trial_file(folder, record, "report"))
    trajectory_path = trial_file(folder, record, "trajectory")
    warnings = []
    trajectory = None
    if trajectory_path.is_file():
        try:
            trajectory = Trajectory.load(trajectory_path)
        except (ValueError, TypeError, KeyError) as exc:
            warnings.append(f"trajectory.json could not be read: {exc}")
    if task is None:
        warnings.append(f"task {record.task_id} is not in the tasks folder: claims are not checked")
    elif task_hash and task_hash != task.content_hash():
        warnings.append(f"task {task.id} changed since this run (content hash {task_hash} → {task.content_hash()})")
    claims, note = check_claims(report, trajectory, task, patch)
    verdict = record.verdict
    return TrialView(
        record=record,
        run_id=run_id,
        instruction=_instruction(task, trajectory),
        steps=_steps(trajectory),
        patch=patch,
        diff_lines=line_kinds(patch),
        report=report,
        report_html=mark_claims(report, claims),
        claims=claims,
        claims_note=note,
        verdict=verdict,
        tests=_tests(verdict, task),
        scores=_scores(scores),
        messages=trajectory.messages if trajectory else [],
        warnings=warnings + ([f"infrastructure error: {record.error}"] if record.error else []),
        marks=trial_marks.build(task, patch, trajectory, report, scores, verdict),
    )


def _instruction(task: Task | None, trajectory: Trajectory | None) -> str:
    if task is not None:
        return task.instruction
    if trajectory is not None:
        users = [m["content"] for m in trajectory.messages if m.get("role") == "user"]
        if users:
            return users[0]
    return ""


def check_claims(
    report: str, trajectory: Trajectory | None, task: Task | None, patch: str
) -> tuple[list[ClaimView], str | None]:
    found = report_text.claims(report)
    if trajectory is None:
        return [ClaimView(c.kind, c.text, c.target, None) for c in found], "no trajectory: claims cannot be checked"
    if task is None:
        return [ClaimView(c.kind, c.text, c.target, None) for c in found], "task not available: claims not checked"
    facts = process.TrajectoryFacts([], None, None, None, set())
    if trajectory.steps:
        try:
            view = PatchView(task, patch)
        except (PatchError, ValueError, OSError) as exc:
            return [ClaimView(c.kind, c.text, c.target, None) for c in found], f"patch not readable: {exc}"
        facts = process.analyze(trajectory, view.kind, set(view.original))
    return [ClaimView(c.kind, c.text, c.target, ok) for c, ok in honesty.checked_claims(report, facts)], None


def mark_claims(report: str, claims: list[ClaimView]) -> Markup:
    """The report, HTML-escaped, with each claim's sentence wrapped in <mark> (supported or not)."""
    groups: dict[str, list[ClaimView]] = {}
    numbers = {id(claim): index for index, claim in enumerate(claims)}
    for claim in claims:  # one sentence can hold several claims (fixed + tests pass): one mark
        groups.setdefault(claim.text, []).append(claim)
    spans: list[tuple[int, int, list[ClaimView]]] = []
    for text, group in groups.items():
        start = report.find(text)
        while start != -1 and any(s < start + len(text) and start < e for s, e, _ in spans):
            start = report.find(text, start + 1)
        if start != -1:
            spans.append((start, start + len(text), group))
    parts, position = [], 0
    for start, end, group in sorted(spans, key=lambda span: span[0]):
        label = "; ".join(f"{c.kind}: {_support_word(c.supported)}" for c in group)
        parts.append(html.escape(report[position:start]))
        anchors = "".join(f'<a class="anchor" id="claim-{numbers[id(c)]}"></a>' for c in group[1:])
        parts.append(
            f'{anchors}<mark class="claim {_claim_status(group)}" title="{html.escape(label)}" '
            f'id="claim-{numbers[id(group[0])]}"><a href="#claim-row-{numbers[id(group[0])]}">'
            f"{html.escape(report[start:end])}</a></mark>"
        )
        position = end
    parts.append(html.escape(report[position:]))
    return Markup("".join(parts))


def _claim_status(claims: list[ClaimView]) -> str:
    if any(c.supported is False for c in claims):
        return "unsupported"
    if any(c.supported is None for c in claims):
        return "unchecked"
    return "supported"


def _support_word(value: bool | None) -> str:
    return {True: "supported", False: "NOT supported", None: "not checked"}[value]


def _steps(trajectory: Trajectory | None) -> list[dict]:
    if trajectory is None:
        return []
    steps = []
    for step in trajectory.steps:
        response = step.response or ""
        steps.append(
            {
                "index": step.index,
                "response": response,
                "prose": COMMAND_BLOCK.sub("", response).strip() if step.command else response.strip(),
                # an agent CLI's non-Bash tool call (Read, Edit, Skill...) shows as its name and input
                "command": step.command or (f"{step.tool} {json.dumps(step.tool_input)}" if step.tool else None),
                "exit_code": step.exit_code,
                "output": step.output or "",
                "output_lines": (step.output or "").count("\n") + 1 if step.output else 0,
                "truncated": step.output_truncated_bytes,
                "timed_out": step.timed_out,
                "changed_files": step.changed_files,
                "format_error": step.format_error,
                "model_sec": step.model_sec,
                "command_sec": step.command_sec,
                "tokens": step.usage.input_tokens + step.usage.output_tokens,
                "final": step.command is None and step.tool is None and step.format_error is None,
            }
        )
    return steps


def _tests(verdict: dict | None, task: Task | None) -> list[dict]:
    if not verdict:
        return []
    f2p = set(task.fail_to_pass) if task else set()
    p2p = set(task.pass_to_pass) if task else set()
    rows = []
    for test_id, outcome in sorted((verdict.get("tests") or {}).items()):
        role = "FAIL_TO_PASS" if test_id in f2p else "PASS_TO_PASS" if test_id in p2p else ""
        rows.append({"id": test_id, "outcome": outcome, "role": role})
    return rows


def _scores(scores: dict) -> list[tuple[str, list[dict]]]:
    families: dict[str, list[dict]] = {}
    for name, metric in METRICS.items():
        value = scores.get(name)
        families.setdefault(metric.family, []).append(
            {
                "name": name,
                "value": format_value(value),
                "status": {True: "good", False: "bad", None: ""}[adhered(name, value)],
                "clause": metric.clause,
                "definition": metric.definition,
                "headline": metric.headline,
            }
        )
    order = FAMILY_ORDER + [f for f in families if f not in FAMILY_ORDER]
    return [(family, families[family]) for family in order if family in families]


def format_value(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value == value else "–"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)
