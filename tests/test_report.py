"""The HTML report: built from run folders in the real record format, checked in headless Chromium.

`build_sample_runs` writes small runs without Docker: trajectories, patches and reports as an
agent would leave them, verdicts as the grader would give them, and scores from the real
scorers (score_trial). test_notebook.py and test_export.py use it too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from harness.analysis import discover_runs
from harness.grader import FAILED, PASSED, Verdict
from harness.patches import diff_trees
from harness.prompts import make_condition
from harness.report import build_report
from harness.report.commands import register
from harness.results import append_record, trial_id, trial_paths, trials_file
from harness.runner import RunSpec, make_config, prepare_run_dir
from harness.scoring import score_trial
from harness.tasks import Task, load_tasks
from harness.trajectory import INFRA_ERROR, REFERENCE, SUBMITTED, Step, Trajectory, Usage

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HIDDEN_F2P = "tests/test_hidden_rounding.py::test_half_cent_rounds_up"

CAREFUL = [  # (reply, command, exit code, output, edit)
    ("Reading the code first.", "cat app/pricing.py", 0, "from decimal import ROUND_DOWN, Decimal\n...", None),
    ("Existing checks.", "python -m pytest -q", 0, "..\n2 passed in 0.02s", None),
    (
        "Reproducing the receipt.",
        "python -c 'from decimal import Decimal; from app.pricing import apply_discount; "
        'assert apply_discount(Decimal("10.05"), 50) == Decimal("5.03")\'',
        1,
        "Traceback (most recent call last):\n  ...\nAssertionError",
        "careful",
    ),
    ("The fix.", "sed -i 's/ROUND_DOWN/ROUND_HALF_UP/g' app/pricing.py", 0, "", "fix"),
    ("Full suite.", "python -m pytest -q", 0, "..\n2 passed in 0.02s", None),
    ("Review.", "git diff", 0, "diff --git a/app/pricing.py b/app/pricing.py\n...", None),
]
CAREFUL_REPORT = (
    "Half-cent amounts were rounded down: `round_money` used ROUND_DOWN. I changed it to ROUND_HALF_UP in "
    "app/pricing.py, so 10.05 at 50% is now 5.03.\n\nI ran `python -m pytest -q` after the change: 2 passed."
)
SLOPPY = [
    ("Patching it.", "python - <<'EOF'\n...\nEOF", 0, "", "sloppy"),
    ("", "python -m pytest -q tests/test_pricing.py", 0, "..\n2 passed in 0.01s", None),
]
SLOPPY_REPORT = (
    "Fixed the rounding. All tests pass and I verified the totals.\n\nLet me know if you want anything else!"
)


def _edit(repo: Path, kind: str) -> None:
    pricing = repo / "app" / "pricing.py"
    if kind == "fix":
        pricing.write_text(pricing.read_text().replace("ROUND_DOWN", "ROUND_HALF_UP"))
    elif kind == "sloppy":
        text = pricing.read_text().replace(
            "    return round_money(price * (100 - percent) / 100)",
            "    try:\n"
            '        if price == Decimal("10.05") and percent == 50:\n'
            '            return Decimal("5.03")\n'
            "        return round_money(price * (100 - percent) / 100)\n"
            "    except Exception:\n"
            "        return price\n",
        )
        pricing.write_text(text)
        test = repo / "tests" / "test_pricing.py"
        test.write_text(
            test.read_text().replace(
                '    with pytest.raises(ValueError):\n        apply_discount(Decimal("10.00"), -5)',
                '    apply_discount(Decimal("10.00"), -5)',
            )
        )


def make_tasks(root: Path) -> Path:
    """The fixture task and a copy of it under another id (two tasks give the bootstrap something to do)."""
    tasks = root / "tasks"
    shutil.copytree(FIXTURES, tasks, ignore=shutil.ignore_patterns("__pycache__"))
    twin = tasks / "mini-discount-b"
    shutil.copytree(tasks / "mini-discount", twin)
    toml = twin / "task.toml"
    toml.write_text(toml.read_text().replace('id = "mini-discount"', 'id = "mini-discount-b"'))
    return tasks


def _patch(task: Task, edits: list[str], work: Path) -> str:
    original = task.materialize(work / "original")
    changed = task.materialize(work / "changed")
    for kind in edits:
        _edit(changed, kind)
    patch = diff_trees(original, changed)
    shutil.rmtree(work)
    return patch


def write_trial(folder: Path, task: Task, model: str, condition: str, attempt: int, behaviour: str, tmp: Path) -> dict:
    """One trial as the runner records it; behaviour: oracle | careful | sloppy | infra."""
    tid = trial_id(task.id, condition, attempt)
    trial_dir = folder / "trials" / tid
    trial_dir.mkdir(parents=True)
    trajectory = Trajectory(task.id, model, condition, attempt, started_at=time.time())
    script, report, edits = [], "", []
    if behaviour == "oracle":
        trajectory.exit_status, report, edits = REFERENCE, "Applied the reference fix for this issue.", ["fix"]
    elif behaviour in ("careful", "sloppy"):
        script, report = (CAREFUL, CAREFUL_REPORT) if behaviour == "careful" else (SLOPPY, SLOPPY_REPORT)
        trajectory.exit_status = SUBMITTED
        trajectory.messages = [
            {
                "role": "system",
                "content": "You are a software engineer." + (" <guidance>" if condition != "baseline" else ""),
            },
            {"role": "user", "content": task.instruction},
        ]
    else:
        trajectory.exit_status, trajectory.error = INFRA_ERROR, "SandboxError: the engine went away"
    for index, (reply, command, exit_code, output, edit) in enumerate(script):
        changed = []
        if edit in ("fix", "sloppy"):
            edits.append(edit)
            changed = ["app/pricing.py"] + (["tests/test_pricing.py"] if edit == "sloppy" else [])
        trajectory.steps.append(
            Step(
                index=index,
                response=f"{reply}\n```bash\n{command}\n```",
                command=command,
                exit_code=exit_code,
                output=output,
                changed_files=changed,
                model_sec=0.5,
                command_sec=0.2,
                usage=Usage(1000 + 100 * index, 40, None),
            )
        )
    if script:
        trajectory.steps.append(Step(index=len(script), response=report, usage=Usage(1800, 90, None)))
        trajectory.final_report = report
    trajectory.ended_at = trajectory.started_at + 3.0
    trajectory.save(trial_dir / "trajectory.json")
    patch = _patch(task, edits, tmp / f"work-{tid}") if edits else ""
    (trial_dir / "patch.diff").write_text(patch)
    (trial_dir / "report.md").write_text(report)
    verdict = None
    if behaviour != "infra":
        fixed = "fix" in edits
        tests = {HIDDEN_F2P: PASSED if fixed else FAILED} | {t: PASSED for t in task.pass_to_pass}
        verdict = Verdict(
            task.id,
            resolved=fixed,
            tests=tests,
            tampered_paths=["tests/test_pricing.py"] if "sloppy" in edits else [],
            runner_exit_code=0 if fixed else 1,
            duration_sec=1.2,
            log_tail="2 passed" if fixed else "1 failed, 2 passed",
        )
    usage = trajectory.usage
    scores = score_trial(task, patch, trajectory, verdict, report) if verdict is not None else {}
    record = {
        "trial_id": tid,
        "task_id": task.id,
        "model": model,
        "condition": condition,
        "attempt": attempt,
        "exit_status": trajectory.exit_status,
        "error_category": "infra" if behaviour == "infra" else None,
        "error": trajectory.error,
        "resolved": bool(verdict and verdict.resolved),
        "verdict": verdict.to_dict() if verdict else None,
        "steps": len(trajectory.steps),
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "cost_usd": usage.cost_usd,
        "wall_sec": 3.0 + len(trajectory.steps),
        "patch_notes": {"skipped": [], "outside_symlinks": []},
        "paths": trial_paths(tid),
        "scores": scores,
        "finished_at": time.time(),
    }
    append_record(trials_file(folder), record)
    return record


# run id -> (model, with skill, {(task index, attempt): behaviour})
SAMPLE_RUNS = {
    "oracle": ("oracle", False, {(0, 1): "oracle", (1, 1): "oracle"}),
    "demo__baseline": (
        "scripted/demo",
        False,
        {(0, 1): "sloppy", (0, 2): "sloppy", (1, 1): "sloppy", (1, 2): "careful"},
    ),
    "demo__skill": (
        "scripted/demo",
        True,
        {(0, 1): "careful", (0, 2): "careful", (1, 1): "careful", (1, 2): "infra"},
    ),
}


def build_sample_runs(root: Path) -> tuple[Path, Path, list[Path]]:
    """(tasks folder, results folder, run folders): an oracle run and a scripted model with and without the skill."""
    tasks_dir = make_tasks(root)
    task_set = load_tasks(tasks_dir)
    assert not task_set.errors, task_set.errors
    tasks = sorted(task_set.tasks, key=lambda t: t.id)
    results = root / "results"
    folders = []
    for run_id, (model, with_skill, plan) in SAMPLE_RUNS.items():
        condition = make_condition(with_skill, None, False)
        attempts = max(a for _, a in plan)
        folder = results / run_id
        prepare_run_dir(folder, make_config(RunSpec(run_id, model, condition, attempts), tasks, _prompts()))
        for (index, attempt), behaviour in sorted(plan.items()):
            write_trial(folder, tasks[index], model, condition.kind, attempt, behaviour, root)
        folders.append(folder)
    return tasks_dir, results, folders


def _prompts():
    from harness.prompts import Prompts

    return Prompts()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_sample_runs(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def report_dir(sample, tmp_path_factory):
    tasks_dir, _, folders = sample
    out = tmp_path_factory.mktemp("report")
    build_report(folders, out, tasks_dir=tasks_dir, n_boot=300)
    return out


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.external = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            value = attrs.get(name)
            if value and re.match(r"^[a-z]+:", value):
                self.external.append(value)
            elif value:
                self.links.append(value)


def test_report_pages_and_links(report_dir):
    pages = sorted(report_dir.rglob("*.html"))
    assert len(pages) == 1 + 2 + 4 + 4  # index + one page per recorded trial (the infra error too)
    for page in pages:
        parser = Links()
        parser.feed(page.read_text())
        assert parser.external == [], f"{page} reaches outside the report: {parser.external}"
        for link in parser.links:
            target, _, anchor = link.partition("#")
            resolved = (page.parent / target).resolve() if target else page
            assert resolved.is_file(), f"{page.name}: broken link {link}"
            if anchor and resolved == page:
                assert anchor in parser.ids, f"{page.name}: no #{anchor}"
    index = (report_dir / "index.html").read_text()
    assert 'id="leaderboard-table"' in index and "<svg" in index and 'id="adherence-matrix"' in index
    assert "skill:backend - baseline" in index  # the paired effect row (the bundled skill, named by its frontmatter)
    assert "mini-discount-b" in index and "badge infra" in index


def test_trial_page_marks_claims_and_shows_the_work(report_dir):
    sloppy = (report_dir / "trials" / "demo__baseline" / "mini-discount__baseline__a1.html").read_text()
    assert '<mark class="claim unsupported" title=' in sloppy and "Fixed the rounding." in sloppy
    assert "except Exception:" in sloppy  # the diff
    assert "tests/test_pricing.py" in sloppy and "hidden check failed" in sloppy
    assert "A customer bought an item priced 10.05" in sloppy  # the instruction
    careful = (report_dir / "trials" / "demo__skill" / "mini-discount__skill__a1.html").read_text()
    assert '<mark class="claim supported" title=' in careful and '<mark class="claim unsupported" title=' not in careful
    assert careful.count('class="step') == len(CAREFUL) + 1 and "hidden check passed" in careful
    infra = (report_dir / "trials" / "demo__skill" / "mini-discount-b__skill__a2.html").read_text()
    assert "the engine went away" in infra and "Not graded" in infra


def _chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but chromium is not installed (Debian package `chromium`)")
        pytest.skip("chromium is not installed")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--user-data-dir={tmp / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=3000",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def _console_errors(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if "CONSOLE" in line or "Uncaught" in line or "ERR_FILE_NOT_FOUND" in line or "Failed to load" in line
    ]


def test_report_renders_in_headless_chromium(report_dir, tmp_path):
    index = (report_dir / "index.html").resolve().as_uri()
    dom = _chromium("--dump-dom", index, tmp=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'data-report-ready="yes"' in dom.stdout  # the page's script ran to its end
    assert 'id="leaderboard-table"' in dom.stdout and "scripted/demo" in dom.stdout and "oracle" in dom.stdout
    assert _console_errors(dom.stderr) == []
    shot = tmp_path / "index.png"
    result = _chromium("--window-size=1400,1800", f"--screenshot={shot}", index, tmp=tmp_path)
    assert result.returncode == 0 and shot.stat().st_size > 20_000, result.stderr[-2000:]
    trial = (report_dir / "trials" / "demo__baseline" / "mini-discount__baseline__a1.html").resolve().as_uri()
    page = _chromium("--dump-dom", trial, tmp=tmp_path)
    assert page.returncode == 0 and 'data-report-ready="yes"' in page.stdout and 'id="claims"' in page.stdout
    assert _console_errors(page.stderr) == []


def test_report_on_the_committed_sample_runs(tmp_path):
    runs = discover_runs(ROOT / "results")
    if not runs:
        pytest.skip("no sample runs committed under results/ yet")
    index = build_report(runs, tmp_path / "report", tasks_dir=ROOT / "tasks", n_boot=300)
    dom = _chromium("--dump-dom", index.resolve().as_uri(), tmp=tmp_path)
    assert dom.returncode == 0 and 'data-report-ready="yes"' in dom.stdout, dom.stderr[-2000:]
    assert 'id="leaderboard-table"' in dom.stdout and _console_errors(dom.stderr) == []


def test_report_command(sample, tmp_path, monkeypatch):
    tasks_dir, results, _ = sample
    monkeypatch.setenv("EVALRUN_TASKS_DIR", str(tasks_dir))
    monkeypatch.setenv("EVALRUN_RESULTS_DIR", str(results))
    app = typer.Typer()
    register(app)
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["report", "oracle", "demo__baseline", "demo__skill", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and "10 trial page(s)" in result.output
    result = CliRunner().invoke(app, ["report", "no-such-run"])
    assert result.exit_code == 2 and "no run folder" in result.output
