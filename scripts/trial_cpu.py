"""CPU per trial by where it is spent: the bench's fixture trial (5 replayed model calls, 1 s each),
N trials at concurrency C through the real Runner (issue 12's c8/c1 figure, taken apart).

Usage: .venv/bin/python scripts/trial_cpu.py N C [--no-replay]

Prints trials per minute; CPU-seconds per trial of this process (and its host children), of dockerd +
containerd, and of the whole machine (/proc/stat: meaningful on an idle machine only); each
container role's own CPU (its cgroup's cpuacct.usage, read just before the container is removed:
cgroup v1 with the cgroupfs driver, as on this project's machines); and the mean phase times of
the records. --no-replay skips the claim-replay phase (an upper bound for any change to it), which
the records then show as not replayed. `container lifecycle`: the machine CPU of one container start,
one command and its removal, measured first, with nothing else running.
"""

from __future__ import annotations

import collections
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from harness import sandbox
from harness.bench.load import busy_cpu_seconds_since, cpu_ticks
from harness.bench.settings import FIXTURE_TASK
from harness.bench.throughput import FIXTURE_SCRIPT
from harness.images import ImageBuilder
from harness.prompts import make_condition
from harness.runner import Runner, RunSpec
from harness.scoring.claim_replay import ClaimReplay
from harness.tasks import load_task

CGROUP = "/sys/fs/cgroup/cpuacct/docker/{id}/cpuacct.usage"
TICK = os.sysconf("SC_CLK_TCK")


def process_cpu(prefixes: tuple[str, ...]) -> float:
    """CPU-seconds of the live processes whose name starts with one of `prefixes`."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if name.startswith(prefixes):
            fields = stat[stat.rindex(")") + 2 :].split()
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def count_container_cpu() -> dict[str, list[float]]:
    """Wrap Sandbox._remove so that each container's own CPU is read before it goes: role -> seconds."""
    per_role: dict[str, list[float]] = collections.defaultdict(list)
    remove = sandbox.Sandbox._remove

    def counted(box: sandbox.Sandbox) -> None:
        role = box.container.name.split("-")[1]
        per_role[role].append(int(Path(CGROUP.format(id=box.container.id)).read_text()) / 1e9)
        remove(box)

    sandbox.Sandbox._remove = counted
    return per_role


def lifecycle_cpu(image: str, task, count: int = 5) -> float:
    began = cpu_ticks()
    for _ in range(count):
        with sandbox.Sandbox.start(image, task.limits, role="lifecycle", run_id="trial-cpu") as box:
            box.exec("true")
    return busy_cpu_seconds_since(began) / count


def main(argv: list[str]) -> None:
    if len(argv) < 2 or not all(a.isdigit() for a in argv[:2]):
        sys.exit(__doc__)
    trials, concurrency, no_replay = int(argv[0]), int(argv[1]), "--no-replay" in argv
    task = load_task(FIXTURE_TASK)
    image = ImageBuilder(log=lambda line: None).ensure_task(task)
    print(f"container lifecycle: {lifecycle_cpu(image, task):.2f} machine CPU-s")
    per_role = count_container_cpu()
    if no_replay:
        Runner._replay = lambda self, trial: ClaimReplay(None, reason="skipped by scripts/trial_cpu.py")
    with tempfile.TemporaryDirectory(prefix="trial-cpu-") as tmp:
        replay = Path(tmp) / "replay.json"
        replay.write_text(json.dumps({"responses": FIXTURE_SCRIPT, "latency_sec": 1.0}))
        condition = make_condition(False, None, False)
        spec = RunSpec("trial-cpu", f"replay/{replay}", condition, trials, max_steps=len(FIXTURE_SCRIPT) + 1)
        own0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        engine0, machine0, began = process_cpu(("dockerd", "containerd")), cpu_ticks(), time.perf_counter()
        records = Runner(spec, [task], {task.id: image}, Path(tmp) / "run", concurrency=concurrency).run()
        sandbox.wait_for_removals()
        wall = time.perf_counter() - began
        own1, kids1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        engine, machine = process_cpu(("dockerd", "containerd")) - engine0, busy_cpu_seconds_since(machine0)
    own = own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime
    kids = kids1.ru_utime + kids1.ru_stime - kids0.ru_utime - kids0.ru_stime
    n = len(records)
    resolved = sum(bool(r.resolved) for r in records)
    rate = n / wall * 60
    print(f"{n} trials at concurrency {concurrency} in {wall:.1f}s: {rate:.1f} trials/min, {resolved} resolved")
    print(
        f"CPU-s per trial: evalrun {own / n:.2f} (+ host children {kids / n:.2f}), dockerd + containerd "
        f"{engine / n:.2f}, machine {machine / n:.2f} ({machine / wall / os.cpu_count():.0%} of the CPUs)"
    )
    for role, seconds in per_role.items():
        print(f"  inside the {role} containers: {sum(seconds) / n:.2f} CPU-s per trial ({len(seconds)} containers)")
    phases = collections.defaultdict(list)
    for record in records:
        for name, seconds in (record.phase_sec or {}).items():
            phases[name].append(seconds)
    print("  mean phase seconds:", {name: round(sum(v) / len(v), 2) for name, v in phases.items()})
    print(f"  mean trial {sum(r.wall_sec for r in records) / n:.2f}s")


if __name__ == "__main__":
    main(sys.argv[1:])
