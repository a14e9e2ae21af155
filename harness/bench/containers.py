"""Exec round trip and container start: evalrun's Sandbox against one `docker exec` / `docker run`
subprocess per command and against mini-swe-agent's DockerEnvironment (harness/data/miniswe_driver.py,
run in whichever interpreter can import it)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from harness import paths, toolvenv
from harness.agents.pins import PINS
from harness.bench.figures import Figure, Section, ms, percentile, rounded

if TYPE_CHECKING:
    from harness.bench.run import Bench

MINISWE_DRIVER = Path(__file__).resolve().parent.parent / "data" / "miniswe_driver.py"


def measure_roundtrip(bench: Bench, section: Section) -> None:
    from harness.sandbox import Sandbox

    s = bench.settings
    task = bench.fixture()
    image = bench.image(task)
    with Sandbox.start(image, task.limits, role="bench", run_id=bench.label) as box:
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
    mini = miniswe(bench, image, commands=s.docker_exec_samples, starts=min(3, s.start_samples))
    section.details["miniswe"] = {k: v for k, v in mini.items() if k not in ("roundtrip", "start")}
    bench.miniswe_starts = mini.get("start") or []
    mini_rt = mini.get("roundtrip") or []
    p50, p95 = percentile(ours, 50), percentile(ours, 95)
    cli50, cli95 = percentile(cli, 50), percentile(cli, 95)
    mini50 = percentile(mini_rt, 50) if mini_rt else None
    mini95 = percentile(mini_rt, 95) if mini_rt else None
    mini_label = f"mini-swe-agent {mini.get('version', '')} DockerEnvironment".replace("  ", " ")
    samples = f"{len(ours)} samples (baselines: {len(cli)} each); command `echo ok`"
    bench.add(
        Figure(
            "exec_roundtrip_p50_ms",
            "exec round trip p50",
            ms(p50),
            "ms",
            {"docker exec (CLI)": ms(cli50), mini_label: ms(mini50)},
            note=samples + ("" if mini_rt else f"; mini-swe-agent: {mini.get('unavailable')}"),
        ),
        measured=p50 * 1000,
    )
    bench.add(
        Figure(
            "exec_roundtrip_p95_ms",
            "exec round trip p95",
            ms(p95),
            "ms",
            {"docker exec (CLI)": ms(cli95), mini_label: ms(mini95)},
            note=samples,
        )
    )
    speedup = cli50 / p50
    bench.add(
        Figure(
            "exec_speedup_vs_docker_exec",
            "exec p50 speedup over docker exec",
            rounded(speedup, 1),
            "x",
            {"vs mini-swe-agent": rounded(mini50 / p50, 1) if mini50 else None},
        ),
        measured=speedup,
    )


# mini-swe-agent in a venv of its own (harness/toolvenv.py), as Harbor is for the Harbor export
MINISWE = toolvenv.ToolSpec(
    "mini-swe-agent", ("mini-swe-agent==" + PINS["mini-swe-agent"][1],), (3, 10), "minisweagent.environments.docker"
)


def miniswe(bench: Bench, image: str, commands: int, starts: int) -> dict:
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
        [python, "-c", MINISWE_DRIVER.read_text(), image, bench.label, str(commands), str(starts)],
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


def measure_start(bench: Bench, section: Section) -> None:
    from harness.sandbox import Sandbox

    task = bench.fixture()
    image = bench.image(task)
    ours, cli = [], []
    labels = ["--label", "evalrun=1", "--label", "evalrun.role=bench", "--label", f"evalrun.run={bench.label}"]
    for _ in range(bench.settings.start_samples):
        began = time.perf_counter()
        box = Sandbox.start(image, task.limits, role="bench", run_id=bench.label)
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
    mini = bench.miniswe_starts
    bench.add(
        Figure(
            "start_to_first_command_sec",
            "container start to first command (p50)",
            rounded(statistics.median(ours), 3),
            "s",
            {
                "docker run -d + docker exec (CLI)": rounded(statistics.median(cli), 3),
                "mini-swe-agent DockerEnvironment": rounded(statistics.median(mini), 3) if mini else None,
            },
            note=f"{len(ours)} samples; ours with limits, no network, init, tmpfs and the command server",
        )
    )
