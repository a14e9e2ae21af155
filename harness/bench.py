"""`evalrun bench`: the harness's own costs, each measured next to a baseline, in one run.

Every figure is taken on this machine, in this run, against the same images and containers as its
baseline, and printed with the baseline and the target (benchmarks, not timed tests: a missed
target is reported, never an error). The load average and the share of busy CPUs are recorded
with each section, because the figures move with whatever else the machine runs.

- exec round trip (p50/p95) in a running task container: evalrun's Sandbox.exec (one command
  server per container, one framed request per command) vs one `docker exec` subprocess per
  command, and vs mini-swe-agent's DockerEnvironment when that package is importable somewhere;
- container start to the first command's answer;
- grading one task (fresh container, patch, hidden tests) vs the same pytest command in an
  already-running container holding the same tree: the ratio is the grader's overhead;
- (full only) grading one black-box task vs grading the same task in-process;
- `validate` throughput (tasks/minute) at concurrency 1, 2 and 4;
- trial throughput (replay model, 1 s simulated latency per step) at concurrency 1, 4, 8 and 16;
- static scoring throughput (score_trial without Docker) over the gold and wrong patches;
- disk footprint of every task image, counting each shared layer once.

`--quick` (CI, < 3 minutes) takes fewer samples on the small fixture task; `--full` gives the
figures in docs/performance.md.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import typer

from harness import paths, toolvenv
from harness.patches import parse_patch

MINISWE_DRIVER = r"""
import json, subprocess, sys, time
from minisweagent.environments.docker import DockerEnvironment
import minisweagent

image, run_label, commands, starts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
labels = ["--label", "evalrun=1", "--label", "evalrun.role=bench", "--label", "evalrun.run=" + run_label]
out = {"version": getattr(minisweagent, "__version__", "?"), "roundtrip": [], "start": []}

def run(env, command):
    try:
        result = env.execute({"command": command})
    except (AttributeError, TypeError):  # mini-swe-agent < 2 takes the command string
        result = env.execute(command)
    if result["returncode"] != 0:
        raise SystemExit("mini-swe-agent command failed: " + repr(result))

def make():
    return DockerEnvironment(image=image, cwd="/repo", run_args=["--rm", *labels], timeout=60)

def drop(env):
    subprocess.run(["docker", "rm", "-f", env.container_id], capture_output=True)
    env.container_id = None  # its own cleanup would `docker stop` (10 s) in the background

for _ in range(starts):
    began = time.perf_counter()
    env = make()
    run(env, "echo ok")
    out["start"].append(time.perf_counter() - began)
    drop(env)
env = make()
try:
    for _ in range(3):
        run(env, "echo ok")
    for _ in range(commands):
        began = time.perf_counter()
        run(env, "echo ok")
        out["roundtrip"].append(time.perf_counter() - began)
finally:
    drop(env)
print(json.dumps(out))
"""

# The trial the replay model plays: read, run the tests, fix, rerun, review, report (the fixture
# task's bug; every command is a real one in the container, each answer comes after 1 s).
FIXTURE_SCRIPT = [
    "Let me read the pricing code first.\n```bash\ncat app/pricing.py\n```",
    "```bash\npython -m pytest -q\n```",
    "Rounding down loses the half cent.\n```bash\nsed -i 's/ROUND_DOWN/ROUND_HALF_UP/g' app/pricing.py\n```",
    "```bash\npython -m pytest -q && git diff\n```",
    "Changed the rounding mode in app/pricing.py to ROUND_HALF_UP. `python -m pytest -q` passed after the change.",
]
# A longer trial on the same task (20 model calls, closer to a real agent's episode): the
# per-trial costs (two containers, export, grading) are spread over more model time.
LONG_FIXTURE_SCRIPT = [
    f"```bash\n{command}\n```"
    for command in (
        "ls -la",
        "git log --oneline | head",
        "cat app/pricing.py",
        "ls tests",
        "cat tests/test_pricing.py",
        "cat tests/conftest.py",
        "grep -rn ROUND app",
        "python -m pytest -q",
        "python -c 'from decimal import Decimal; from app.pricing import apply_discount; "
        'print(apply_discount(Decimal("0.05"), 50))\'',
        "grep -n quantize app/pricing.py",
        "git status --short",
        "sed -i 's/ROUND_DOWN/ROUND_HALF_UP/g' app/pricing.py",
        "git diff",
        "python -m pytest -q",
        "python -c 'from decimal import Decimal; from app.pricing import apply_discount; "
        'print(apply_discount(Decimal("0.05"), 50))\'',
        "grep -rn ROUND_DOWN . || true",
        "python -m pytest -q tests/test_pricing.py",
        "git diff --stat",
        "git status --short",
    )
] + [FIXTURE_SCRIPT[-1]]
# mini-swe-agent in a venv of its own (harness/toolvenv.py), as Harbor is for the Harbor export
MINISWE = toolvenv.ToolSpec("mini-swe-agent", ("mini-swe-agent==2.4.6",), (3, 10), "minisweagent.environments.docker")
FIXTURE_TASK = paths.PROJECT_ROOT / "tests" / "fixtures" / "tasks" / "mini-discount"
# Every figure a run reports (quick and full); full mode adds long_/real_trials_per_min_c1 and _c8,
# and grade_blackbox_sec (kept out of quick: one black-box + in-process pair took 12-33 s here, on 2 CPUs at load 6-13).
FIGURE_KEYS = (
    "exec_roundtrip_p50_ms",
    "exec_roundtrip_p95_ms",
    "exec_speedup_vs_docker_exec",
    "start_to_first_command_sec",
    "grade_sec",
    "grade_overhead_ratio",
    "validate_tasks_per_min_c1",
    "validate_tasks_per_min_c2",
    "validate_tasks_per_min_c4",
    "trials_per_min_c1",
    "trials_per_min_c4",
    "trials_per_min_c8",
    "trials_per_min_c16",
    "trial_speedup_c8",
    "static_patches_per_sec",
    "images_disk_gb",
)


@dataclass(frozen=True)
class Settings:
    mode: str
    roundtrip_samples: int
    docker_exec_samples: int
    start_samples: int
    grade_samples: int
    grade_tasks: str  # "one": the first task with a gold patch; "per-service": one per service
    validate_levels: tuple[int, ...]
    validate_real_tasks: int  # 0: the fixture task, as many copies as the concurrency
    trial_levels: tuple[int, ...]
    trials_per_slot: int  # trials = concurrency x this
    real_trial_levels: tuple[int, ...]  # also a trial series on a real task (its gold patch), or ()
    long_trial_levels: tuple[int, ...]  # also the 20-call script on the fixture task, or ()
    static_tasks: int | None  # None: every task
    trial_latency_sec: float = 1.0
    blackbox_samples: int = 0  # > 0: also grade one black-box task both ways (about 20 s a sample)


QUICK = Settings(
    mode="quick",
    roundtrip_samples=40,
    docker_exec_samples=20,
    start_samples=3,
    grade_samples=1,
    grade_tasks="one",
    validate_levels=(1, 2, 4),
    validate_real_tasks=0,
    trial_levels=(1, 4, 8, 16),
    trials_per_slot=1,
    real_trial_levels=(),
    long_trial_levels=(),
    static_tasks=8,
)
FULL = Settings(
    mode="full",
    roundtrip_samples=300,
    docker_exec_samples=100,
    start_samples=10,
    grade_samples=3,
    grade_tasks="per-service",
    validate_levels=(1, 2, 4),
    validate_real_tasks=4,
    trial_levels=(1, 4, 8, 16),
    trials_per_slot=2,
    real_trial_levels=(1, 8),
    long_trial_levels=(1, 8),
    static_tasks=None,
    blackbox_samples=3,
)


@dataclass
class Figure:
    key: str
    label: str
    value: float | None
    unit: str
    baselines: dict[str, float | None] = field(default_factory=dict)
    target: str | None = None
    met: bool | None = None
    note: str = ""


@dataclass
class Section:
    name: str
    seconds: float = 0.0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    cpu_busy: float | None = None  # fraction of the machine's CPUs busy (anyone's work) during the section
    error: str | None = None
    details: dict = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil
    return ordered[int(rank) - 1]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) jiffies of the whole machine, from /proc/stat (None where there is none)."""
    try:
        with open("/proc/stat") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def busy_since(start: tuple[int, int] | None) -> float | None:
    """Fraction of all CPUs busy (anyone's work) since `start`."""
    end = cpu_ticks()
    if start is None or end is None or end[1] == start[1]:
        return None
    return round((end[0] - start[0]) / (end[1] - start[1]), 2)


def _cpu_seconds() -> float:
    """CPU time of this process and its waited-for children (ruff, git, patch)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Bench:
    """One benchmark run. `log` receives a line per step; figures accumulate in `figures`."""

    def __init__(self, settings: Settings, log: Callable[[str], None] = print):
        from harness.sandbox import docker_client

        self.settings = settings
        self.log = log
        self.client = docker_client()
        self.label = f"bench-{uuid.uuid4().hex[:8]}"  # the evalrun.run label of every container we start
        self.figures: list[Figure] = []
        self.sections: list[Section] = []
        self.images: dict[str, str] = {}
        self.tmp = Path(tempfile.gettempdir())  # a folder of its own while run() runs

    # -- tasks and images ---------------------------------------------------------------------
    def fixture(self):
        from harness.tasks import load_task

        return load_task(FIXTURE_TASK)

    def task_set(self) -> list:
        from harness.tasks import load_tasks

        return load_tasks(paths.tasks_dir()).tasks

    def image(self, task) -> str:
        if task.id not in self.images:
            from harness.images import ImageBuilder

            builder = ImageBuilder(self.client, log=lambda line: self.log(f"  {line}"))
            self.images[task.id] = builder.ensure_task(task)
        return self.images[task.id]

    # -- the run --------------------------------------------------------------------------------
    def run(self) -> dict:
        started, started_at = time.monotonic(), time.strftime("%Y-%m-%dT%H:%M:%S%z")
        self.tmp = Path(tempfile.mkdtemp(prefix="evalrun-bench-"))
        load_start = os.getloadavg()
        sections = [
            ("exec round trip", self.measure_roundtrip),
            ("container start", self.measure_start),
            ("grading overhead", self.measure_grading),
            *([("black-box grading", self.measure_blackbox)] if self.settings.blackbox_samples else []),
            ("validate throughput", self.measure_validate),
            ("trial throughput", self.measure_trials),
            ("static scoring", self.measure_static),
            ("image footprint", self.measure_images),
        ]
        try:
            for name, measure in sections:
                section = Section(name, load_before=os.getloadavg())
                self.log(f"{name} (load average {section.load_before[0]:.2f}) ...")
                began, ticks = time.monotonic(), cpu_ticks()
                try:
                    measure(section)
                except Exception as exc:  # a broken section is reported, the others still run
                    section.error = f"{type(exc).__name__}: {exc}"
                    self.log(f"  error: {section.error}")
                section.seconds = round(time.monotonic() - began, 1)
                section.load_after = os.getloadavg()
                section.cpu_busy = busy_since(ticks)
                self.sections.append(section)
        finally:
            from harness.sandbox import clean

            clean(self.label, client=self.client)
            shutil.rmtree(self.tmp, ignore_errors=True)
        return {
            "mode": self.settings.mode,
            "command": f"evalrun bench --{self.settings.mode}",
            "label": self.label,
            "started_at": started_at,
            "wall_sec": round(time.monotonic() - started, 1),
            "load_average": {"start": list(load_start), "end": list(os.getloadavg())},
            "machine": self.machine(),
            "figures": {f.key: asdict(f) for f in self.figures},
            "sections": [asdict(s) for s in self.sections],
        }

    def machine(self) -> dict:
        info: dict = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
        try:
            engine = self.client.info()
            info |= {
                "docker": engine.get("ServerVersion"),
                "storage_driver": engine.get("Driver"),
                "engine_cpus": engine.get("NCPU"),
                "memory_gib": round(engine.get("MemTotal", 0) / 2**30, 1),
            }
        except Exception as exc:  # informative only
            info["docker_error"] = str(exc)
        return info

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)

    # -- exec round trip --------------------------------------------------------------------------
    def measure_roundtrip(self, section: Section) -> None:
        from harness.sandbox import Sandbox

        s = self.settings
        task = self.fixture()
        image = self.image(task)
        with Sandbox.start(image, task.limits, role="bench", run_id=self.label) as box:
            for _ in range(5):  # the command server starts on the first exec
                box.exec("echo ok")
            ours = []
            for _ in range(s.roundtrip_samples):
                began = time.perf_counter()
                result = box.exec("echo ok")
                ours.append(time.perf_counter() - began)
                if result.exit_code != 0 or result.output != "ok\n":
                    raise RuntimeError(f"sandbox exec returned {result}")
            cli = []
            command = ["docker", "exec", "-w", "/repo", box.container.id, "bash", "-lc", "echo ok"]
            subprocess.run(command, capture_output=True, check=True)
            for _ in range(s.docker_exec_samples):
                began = time.perf_counter()
                subprocess.run(command, capture_output=True, check=True)
                cli.append(time.perf_counter() - began)
        mini = self.miniswe(image, commands=s.docker_exec_samples, starts=min(3, s.start_samples))
        section.details["miniswe"] = {k: v for k, v in mini.items() if k not in ("roundtrip", "start")}
        self._miniswe_starts = mini.get("start") or []
        mini_rt = mini.get("roundtrip") or []
        p50, p95 = percentile(ours, 50), percentile(ours, 95)
        cli50, cli95 = percentile(cli, 50), percentile(cli, 95)
        mini50 = percentile(mini_rt, 50) if mini_rt else None
        mini95 = percentile(mini_rt, 95) if mini_rt else None
        mini_label = f"mini-swe-agent {mini.get('version', '')} DockerEnvironment".replace("  ", " ")
        samples = f"{len(ours)} samples (baselines: {len(cli)} each); command `echo ok`"
        self.add(
            Figure(
                "exec_roundtrip_p50_ms",
                "exec round trip p50",
                _ms(p50),
                "ms",
                {"docker exec (CLI)": _ms(cli50), mini_label: _ms(mini50)},
                "<= 10 ms",
                p50 <= 0.010,
                samples + ("" if mini_rt else f"; mini-swe-agent: {mini.get('unavailable')}"),
            )
        )
        self.add(
            Figure(
                "exec_roundtrip_p95_ms",
                "exec round trip p95",
                _ms(p95),
                "ms",
                {"docker exec (CLI)": _ms(cli95), mini_label: _ms(mini95)},
                note=samples,
            )
        )
        speedup = cli50 / p50
        self.add(
            Figure(
                "exec_speedup_vs_docker_exec",
                "exec p50 speedup over docker exec",
                _round(speedup, 1),
                "x",
                {"vs mini-swe-agent": _round(mini50 / p50, 1) if mini50 else None},
                ">= 5x",
                speedup >= 5,
            )
        )

    def miniswe(self, image: str, commands: int, starts: int) -> dict:
        """mini-swe-agent's DockerEnvironment, driven in whichever interpreter can import it."""
        candidates = [
            os.environ.get("EVALRUN_BENCH_MINISWE_PYTHON"),
            sys.executable,
            str(toolvenv.installed(MINISWE) or ""),  # toolvenv.ensure(MINISWE) makes it
            str(paths.cache_dir() / "miniswe-venv" / "bin" / "python"),
        ]
        python = next(
            (
                c
                for c in candidates
                if c
                and Path(c).exists()
                and subprocess.run([c, "-c", "import minisweagent.environments.docker"], capture_output=True).returncode
                == 0
            ),
            None,
        )
        if python is None:
            return {
                "unavailable": "not installed (pip install mini-swe-agent, in this venv or in "
                f"{paths.cache_dir() / 'miniswe-venv'}, or set EVALRUN_BENCH_MINISWE_PYTHON)"
            }
        env = dict(os.environ, MSWEA_SILENT_STARTUP="1", MSWEA_CONFIGURED="true")
        run = subprocess.run(
            [python, "-c", MINISWE_DRIVER, image, self.label, str(commands), str(starts)],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )
        if run.returncode != 0:
            return {"unavailable": f"its driver failed: {(run.stderr or run.stdout)[-500:]}", "python": python}
        result = json.loads(run.stdout.strip().splitlines()[-1])
        result["python"] = python
        result["image"] = f"{image} (our task image: no registry image is needed or pulled)"
        return result

    # -- container start --------------------------------------------------------------------------
    def measure_start(self, section: Section) -> None:
        from harness.sandbox import Sandbox

        task = self.fixture()
        image = self.image(task)
        ours, cli = [], []
        labels = ["--label", "evalrun=1", "--label", "evalrun.role=bench", "--label", f"evalrun.run={self.label}"]
        for _ in range(self.settings.start_samples):
            began = time.perf_counter()
            box = Sandbox.start(image, task.limits, role="bench", run_id=self.label)
            try:
                box.exec("echo ok")
                ours.append(time.perf_counter() - began)
            finally:
                box.close()
            began = time.perf_counter()
            run = subprocess.run(
                ["docker", "run", "-d", "--rm", *labels, "-w", "/repo", image, "sleep", "infinity"],
                capture_output=True,
                text=True,
                check=True,
            )
            cid = run.stdout.strip()
            try:
                subprocess.run(["docker", "exec", cid, "bash", "-lc", "echo ok"], capture_output=True, check=True)
                cli.append(time.perf_counter() - began)
            finally:
                subprocess.run(["docker", "rm", "-f", cid], capture_output=True)
        mini = getattr(self, "_miniswe_starts", [])
        self.add(
            Figure(
                "start_to_first_command_sec",
                "container start to first command (p50)",
                _round(statistics.median(ours), 3),
                "s",
                {
                    "docker run -d + docker exec (CLI)": _round(statistics.median(cli), 3),
                    "mini-swe-agent DockerEnvironment": _round(statistics.median(mini), 3) if mini else None,
                },
                note=f"{len(ours)} samples; ours with limits, no network, init, tmpfs and the command server",
            )
        )

    # -- grading overhead -------------------------------------------------------------------------
    def grading_tasks(self) -> list:
        """In-process tasks with a gold patch (black-box grading is measured apart, measure_blackbox)."""
        tasks = [t for t in self.task_set() if t.solution_patch is not None and t.tests_mode == "in-process"]
        if not tasks:
            return [self.fixture()]
        if self.settings.grade_tasks == "one":
            return tasks[:1]
        chosen: dict[str, object] = {}
        for task in tasks:
            chosen.setdefault(task.service_name, task)
        return list(chosen.values())

    def measure_grading(self, section: Section) -> None:
        from harness.grader import grade, graded_tree, pytest_command
        from harness.sandbox import Sandbox

        total_grade = total_bare = 0.0
        rows = []
        for task in self.grading_tasks():
            image = self.image(task)
            patch = task.solution_patch.read_text()
            with tempfile.TemporaryDirectory(prefix="evalrun-bench-tree-") as tmp:
                tree = graded_tree(task, patch, Path(tmp))
            if tree.apply_error:
                raise RuntimeError(f"{task.id}: the gold patch does not apply: {tree.apply_error}")
            files = tree.files
            command = pytest_command(list(task.test_ids))
            grades, bares = [], []
            with Sandbox.start(image, task.limits, role="bench", run_id=self.label) as box:
                box.replace_tree(files)
                box.exec(command, timeout=task.limits.test_timeout_sec)  # warm the page cache
                if self.settings.mode == "full":
                    grade(task, patch, image, run_id=self.label)
                for _ in range(self.settings.grade_samples):  # interleaved: both see the same load
                    began = time.perf_counter()
                    verdict = grade(task, patch, image, run_id=self.label)
                    grades.append(time.perf_counter() - began)
                    if not verdict.resolved:
                        raise RuntimeError(f"{task.id}: the gold patch was not resolved: {verdict.log_tail[-500:]}")
                    began = time.perf_counter()
                    bare = box.exec(command, timeout=task.limits.test_timeout_sec)
                    bares.append(time.perf_counter() - began)
                    if bare.exit_code != 0:
                        raise RuntimeError(f"{task.id}: bare pytest failed: {bare.output[-500:]}")
            g, b = statistics.median(grades), statistics.median(bares)
            total_grade, total_bare = total_grade + g, total_bare + b
            rows.append({"task": task.id, "grade_sec": round(g, 3), "pytest_sec": round(b, 3), "ratio": _round(g / b)})
            self.log(f"  {task.id}: grade {g:.2f}s, pytest {b:.2f}s, ratio {g / b:.2f}")
        section.details["tasks"] = rows
        ratio = total_grade / total_bare
        names = ", ".join(r["task"] for r in rows)
        self.add(
            Figure(
                "grade_sec",
                "grade one task (gold patch)",
                _round(total_grade / len(rows), 3),
                "s",
                {"pytest in a running container": _round(total_bare / len(rows), 3)},
                note=f"median of {self.settings.grade_samples} per task, mean over {len(rows)} task(s): {names}",
            )
        )
        self.add(
            Figure(
                "grade_overhead_ratio",
                "grading overhead (grade / bare pytest)",
                _round(ratio, 2),
                "x",
                {row["task"]: row["ratio"] for row in rows} if len(rows) > 1 else {},
                "<= 1.5x",
                ratio <= 1.5,
            )
        )

    # -- black-box grading ------------------------------------------------------------------------
    def measure_blackbox(self, section: Section) -> None:
        """One black-box task's gold patch graded black-box and, as the baseline, in-process (the
        same hidden tests imported by the patched repo), interleaved so both see the same load."""
        from harness.grader import grade

        task = next((t for t in self.task_set() if t.tests_mode == "black-box" and t.solution_patch), None)
        if task is None:
            raise RuntimeError("no black-box task with a gold patch in the task set")
        modes = {"black-box": task, "in-process": dataclasses.replace(task, tests_mode="in-process")}
        image, patch = self.image(task), task.solution_patch.read_text()
        times: dict[str, list[float]] = {mode: [] for mode in modes}
        for _ in range(self.settings.blackbox_samples):
            for mode, graded_task in modes.items():
                began = time.perf_counter()
                verdict = grade(graded_task, patch, image, run_id=self.label)
                times[mode].append(time.perf_counter() - began)
                if not verdict.resolved:
                    raise RuntimeError(
                        f"{task.id} ({mode}): the gold patch was not resolved: {verdict.log_tail[-500:]}"
                    )
        black_box, in_process = statistics.median(times["black-box"]), statistics.median(times["in-process"])
        section.details = {"task": task.id, "samples_sec": {m: [round(t, 3) for t in ts] for m, ts in times.items()}}
        self.log(f"  {task.id}: black-box {black_box:.2f}s, in-process {in_process:.2f}s")
        self.add(
            Figure(
                "grade_blackbox_sec",
                "grade one black-box task (gold patch)",
                _round(black_box, 3),
                "s",
                {"the same task graded in-process": _round(in_process, 3)},
                note=f"{task.id}, median of {self.settings.blackbox_samples}; {black_box / in_process:.2f}x in-process",
            )
        )

    # -- validate throughput ----------------------------------------------------------------------
    def measure_validate(self, section: Section) -> None:
        from harness.validate import validate_tasks

        s = self.settings
        if s.validate_real_tasks:
            chosen: dict[str, object] = {}
            for task in self.task_set():
                chosen.setdefault(task.service_name, task)
            tasks = list(chosen.values())[: s.validate_real_tasks]
        else:
            tasks = []
        results = {}
        for level in s.validate_levels:
            batch = tasks or [self.fixture()] * level
            for task in batch:
                self.image(task)
            began = time.perf_counter()
            checked = validate_tasks(batch, lambda t: self.images[t.id], repeats=1, concurrency=level)
            wall = time.perf_counter() - began
            invalid = [r.task_id for r in checked if not r.valid]
            if invalid:
                raise RuntimeError(f"validate found invalid tasks: {invalid}")
            grades = sum(r.checks for r in checked)
            results[level] = len(batch) / wall * 60
            section.details[f"c{level}"] = {"tasks": len(batch), "grades": grades, "wall_sec": round(wall, 1)}
            self.log(f"  concurrency {level}: {len(batch)} tasks ({grades} grades) in {wall:.1f}s")
        what = f"{len(tasks)} real tasks" if tasks else "the fixture task (3 grades each)"
        first = results[s.validate_levels[0]]
        for level, rate in results.items():
            speedup = "" if level == s.validate_levels[0] else f"; {rate / first:.2f}x concurrency 1"
            self.add(
                Figure(
                    f"validate_tasks_per_min_c{level}",
                    f"validate throughput, concurrency {level}",
                    _round(rate, 1),
                    "tasks/min",
                    {} if level == s.validate_levels[0] else {"concurrency 1": _round(first, 1)},
                    note=f"{what}, --repeats 1{speedup}",
                )
            )

    # -- trial throughput -------------------------------------------------------------------------
    def measure_trials(self, section: Section) -> None:
        s = self.settings
        fixture = self.fixture()
        rates = self._trial_series(section, "fixture", fixture, FIXTURE_SCRIPT, s.trial_levels)
        base = rates[s.trial_levels[0]]
        for level, rate in rates.items():
            speedup = "" if level == s.trial_levels[0] else f"; {rate / base:.2f}x concurrency 1"
            self.add(
                Figure(
                    f"trials_per_min_c{level}",
                    f"trial throughput, concurrency {level}",
                    _round(rate, 1),
                    "trials/min",
                    {} if level == s.trial_levels[0] else {"concurrency 1": _round(base, 1)},
                    note=f"fixture task, {len(FIXTURE_SCRIPT)} model calls x {s.trial_latency_sec:g} s, "
                    f"{level * s.trials_per_slot} trials{speedup}",
                )
            )
        speedup = rates[8] / base if 8 in rates else None
        figure = Figure(
            "trial_speedup_c8",
            "trial throughput, concurrency 8 / concurrency 1",
            _round(speedup, 2),
            "x",
            {},
            ">= 6x",
            None if speedup is None else speedup >= 6,
            note="fixture task (its tests take ~0.2 s: the harness's own cost dominates); CPUs busy (anyone's work): "
            + ", ".join(
                f"c{level} {section.details[f'fixture-c{level}']['cpu_busy']:.0%}"
                for level in s.trial_levels
                if section.details[f"fixture-c{level}"]["cpu_busy"] is not None
            ),
        )
        if s.long_trial_levels:
            long = self._trial_series(section, "long", fixture, LONG_FIXTURE_SCRIPT, s.long_trial_levels)
            low, high = s.long_trial_levels[0], s.long_trial_levels[-1]
            figure.baselines[f"fixture task, {len(LONG_FIXTURE_SCRIPT)} calls"] = _round(long[high] / long[low], 2)
            for level, rate in long.items():
                self.add(
                    Figure(
                        f"long_trials_per_min_c{level}",
                        f"trial throughput, {len(LONG_FIXTURE_SCRIPT)} calls, concurrency {level}",
                        _round(rate, 1),
                        "trials/min",
                        note=f"fixture task, {len(LONG_FIXTURE_SCRIPT)} model calls x {s.trial_latency_sec:g} s, "
                        f"{level * s.trials_per_slot} trials",
                    )
                )
        if s.real_trial_levels:
            task = self.grading_tasks()[0]
            script = real_task_script(task)
            real = self._trial_series(section, "real", task, script, s.real_trial_levels)
            low, high = s.real_trial_levels[0], s.real_trial_levels[-1]
            figure.baselines[f"{task.id} (real task, {len(script)} calls)"] = _round(real[high] / real[low], 2)
            for level, rate in real.items():
                self.add(
                    Figure(
                        f"real_trials_per_min_c{level}",
                        f"trial throughput on {task.id}, concurrency {level}",
                        _round(rate, 1),
                        "trials/min",
                        note=f"{len(script)} model calls x {s.trial_latency_sec:g} s, "
                        f"{level * s.trials_per_slot} trials",
                    )
                )
        self.add(figure)

    def _trial_series(self, section: Section, name: str, task, script: list[str], levels) -> dict[int, float]:
        from harness.prompts import make_condition
        from harness.runner import Runner, RunSpec

        image = self.image(task)
        replay = self.tmp / f"replay-{name}.json"
        replay.write_text(json.dumps({"responses": script, "latency_sec": self.settings.trial_latency_sec}))
        rates = {}
        for level in levels:
            count = level * self.settings.trials_per_slot
            run_id = f"{self.label}-{name}-c{level}"
            condition = make_condition(False, None, False)
            spec = RunSpec(run_id, f"replay/{replay}", condition, count, max_steps=len(script) + 1)
            runner = Runner(spec, [task], {task.id: image}, self.tmp / spec.run_id, concurrency=level)
            began, ticks = time.perf_counter(), cpu_ticks()
            records = runner.run()
            wall = time.perf_counter() - began
            busy = busy_since(ticks)
            errors = [r.error for r in records if r.error_category is not None]
            if len(records) != count or errors:
                raise RuntimeError(f"{len(records)}/{count} trials recorded; errors: {errors[:3]}")
            if not all(r.resolved for r in records):
                raise RuntimeError(f"{name}: the replayed script no longer resolves {task.id}; update the script")
            rates[level] = count / wall * 60
            mean_trial = statistics.mean(r.wall_sec for r in records)
            resolved = sum(bool(r.resolved) for r in records)
            section.details[f"{name}-c{level}"] = {
                "trials": count,
                "wall_sec": round(wall, 1),
                "mean_trial_sec": round(mean_trial, 2),
                "resolved": resolved,
                "load_1min": os.getloadavg()[0],
                "cpu_busy": busy,
            }
            self.log(
                f"  {name} concurrency {level}: {count} trials in {wall:.1f}s "
                f"(mean trial {mean_trial:.1f}s, {resolved} resolved, CPUs {busy:.0%} busy)"
                if busy is not None
                else f"  {name} concurrency {level}: {count} trials in {wall:.1f}s (mean trial {mean_trial:.1f}s)"
            )
        return rates

    # -- static scoring ---------------------------------------------------------------------------
    def measure_static(self, section: Section) -> None:
        from harness.scoring import score_trial

        tasks = self.task_set()[: self.settings.static_tasks]
        pairs = [
            (task, path.read_text())
            for task in tasks
            for path in ([task.solution_patch] if task.solution_patch else []) + list(task.wrong_patches)
        ]
        passes = []
        for _ in range(2):  # first pass: each task seen for the first time; second: per-task facts cached
            wall, cpu = time.perf_counter(), _cpu_seconds()
            for task, patch in pairs:
                score_trial(task, patch, None, None, None, image=None)
            passes.append((time.perf_counter() - wall, _cpu_seconds() - cpu))
        (cold, cold_cpu), (warm, warm_cpu) = passes
        section.details |= {
            "patches": len(pairs),
            "tasks": len(tasks),
            "cold": {"wall_sec": round(cold, 2), "cpu_sec": round(cold_cpu, 2)},
            "warm": {"wall_sec": round(warm, 2), "cpu_sec": round(warm_cpu, 2)},
        }
        rate = len(pairs) / cold
        self.add(
            Figure(
                "static_patches_per_sec",
                "static scoring throughput",
                _round(rate, 1),
                "patches/s",
                {
                    "second pass (per-task facts cached)": _round(len(pairs) / warm, 1),
                    "per CPU-second, first pass": _round(len(pairs) / cold_cpu, 1),
                },
                ">= 20/s",
                rate >= 20,
                note=f"{len(pairs)} gold and wrong patches of {len(tasks)} tasks, one pass, no Docker",
            )
        )

    # -- image footprint --------------------------------------------------------------------------
    def measure_images(self, section: Section) -> None:
        tasks = self.task_set()
        tags = [self.image(task) for task in tasks]
        unique, naive, layers, own = image_footprint(self.client, tags)
        per_task = own / len(tasks) if tasks else 0
        section.details |= {"images": len(tags), "unique_layers": layers, "bytes_in_one_image_only": own}
        self.add(
            Figure(
                "images_disk_gb",
                f"disk footprint of the {len(tags)} task images",
                _round(unique / 1e9, 3),
                "GB",
                {"sum of image sizes (shared layers counted per image)": _round(naive / 1e9, 2)},
                "<= 1.5 GB (30 tasks)",
                unique <= 1.5e9,
                note=f"{layers} unique non-empty layers; shared base/env layers {(unique - own) / 1e6:.0f} MB, "
                f"then {per_task / 1e6:.1f} MB per task",
            )
        )


def real_task_script(task) -> list[str]:
    """A replayed trial on a real task: look around, run the tests, apply the gold patch, rerun, review."""
    gold = task.solution_patch.read_text()
    gold = gold if gold.endswith("\n") else gold + "\n"
    first = next((diff.new_path for diff in parse_patch(gold) if diff.new_path and diff.hunks), "README.md")
    return [
        "```bash\ngit status && ls\n```",
        f"```bash\ncat {shlex.quote(first)}\n```",
        "```bash\npython -m pytest -q 2>&1 | tail -5\n```",
        f"```bash\ngit apply <<'EVALRUN_PATCH'\n{gold}EVALRUN_PATCH\n```",
        "```bash\npython -m pytest -q 2>&1 | tail -5\n```",
        "```bash\ngit diff --stat\n```",
        "Applied the fix. `python -m pytest -q` passed after the change.",
    ]


def image_footprint(client, tags: list[str]) -> tuple[int, int, int, int]:
    """Disk use of a set of images: (bytes of the unique layers, sum of the image sizes, unique
    non-empty layers, bytes in layers that only one of the images uses).

    A layer is identified by the image history up to and including it, so layers that images share
    through a common parent (base, env) are counted once, as `docker system df` does.
    """
    size: dict[tuple, int] = {}
    users: dict[tuple, int] = {}
    naive = 0
    for tag in dict.fromkeys(tags):
        naive += client.images.get(tag).attrs.get("Size", 0)
        prefix: tuple = ()
        for entry in reversed(client.api.history(tag)):  # oldest first
            prefix = (*prefix, (entry.get("Created"), entry.get("CreatedBy"), entry.get("Size")))
            size.setdefault(prefix, entry.get("Size") or 0)
            users[prefix] = users.get(prefix, 0) + 1
    own = sum(bytes_ for key, bytes_ in size.items() if users[key] == 1)
    return sum(size.values()), naive, sum(1 for bytes_ in size.values() if bytes_), own


# -- output ---------------------------------------------------------------------------------------
def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:g}x" if unit == "x" else f"{value:g} {unit}"


def render(result: dict, write: Callable[[str], None] = print) -> None:
    """Plain text, one line per figure: value, baseline(s), target, met (readable in a CI log)."""
    load, machine = result["load_average"], result["machine"]
    write(
        f"evalrun bench --{result['mode']}: {result['wall_sec']:.0f} s; load average "
        f"{load['start'][0]:.2f} -> {load['end'][0]:.2f} (1 min) on {machine.get('cpus')} CPUs; "
        f"docker {machine.get('docker')} ({machine.get('storage_driver')})"
    )
    rows = [("figure", "evalrun", "target", "met", "baseline")]
    for fig in result["figures"].values():
        baselines = "; ".join(f"{name}: {_fmt(v, fig['unit'])}" for name, v in fig["baselines"].items()) or "-"
        met = {True: "yes", False: "NO", None: "-"}[fig["met"]]
        rows.append((fig["label"], _fmt(fig["value"], fig["unit"]), fig["target"] or "-", met, baselines))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        write("  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4])
    for fig in result["figures"].values():
        if fig["note"]:
            write(f"  {fig['key']}: {fig['note']}")
    for section in result["sections"]:
        write(
            f"  section {section['name']}: {section['seconds']:.0f} s, load average "
            f"{section['load_before'][0]:.2f} -> {section['load_after'][0]:.2f}"
            + (f", CPUs {section['cpu_busy']:.0%} busy" if section["cpu_busy"] is not None else "")
            + (f"; ERROR {section['error']}" if section["error"] else "")
        )


def register(app: typer.Typer) -> None:
    @app.command()
    def bench(
        quick: bool = typer.Option(True, "--quick/--full", help="Quick (CI, < 3 min) or full (the documented ones)."),
        json_path: Path = typer.Option(None, "--json", help="Also write every figure as JSON here."),
    ) -> None:
        """Measure the harness against its baselines: exec, start, grading, validate, trials, scoring, images."""
        from rich.console import Console

        from harness.sandbox import SandboxError

        console = Console()

        def write(line: str) -> None:
            console.print(line, soft_wrap=True, markup=False, highlight=False)

        try:
            bench_run = Bench(QUICK if quick else FULL, log=write)
        except SandboxError as exc:
            Console(stderr=True).print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        result = bench_run.run()
        render(result, write)
        if json_path:
            json_path.write_text(json.dumps(result, indent=2))
            console.print(f"wrote {json_path}")
        if any(section["error"] for section in result["sections"]):
            raise typer.Exit(1)
