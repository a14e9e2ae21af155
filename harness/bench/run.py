"""One bench run: its sections in order, each timed under the load it saw, and what they share
(the Docker client, the images, the label on every container it starts, the figures)."""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from harness import paths
from harness.bench import containers, footprint, grading, ray_backend, static, throughput
from harness.bench.figures import Figure, Section
from harness.bench.load import busy_since, cpu_ticks
from harness.bench.settings import FIXTURE_TASK, TARGETS, Settings

Measure = Callable[["Bench", Section], None]
# (section, its measurement, whether a run with these settings takes it), in the order they run
SECTIONS: tuple[tuple[str, Measure, Callable[[Settings], bool]], ...] = (
    ("exec round trip", containers.measure_roundtrip, lambda s: True),
    ("container start", containers.measure_start, lambda s: True),
    ("grading overhead", grading.measure_grading, lambda s: True),
    ("black-box grading", grading.measure_blackbox, lambda s: s.blackbox_samples > 0),
    ("validate throughput", throughput.measure_validate, lambda s: True),
    ("trial throughput", throughput.measure_trials, lambda s: True),
    ("ray backend", ray_backend.measure_ray, lambda s: s.ray_trials > 0),
    ("static scoring", static.measure_static, lambda s: True),
    ("image footprint", footprint.measure_images, lambda s: True),
)


def section_names() -> str:
    return ", ".join(name for name, _, _ in SECTIONS)


class Bench:
    """One benchmark run. `log` receives a line per step; figures accumulate in `figures`."""

    def __init__(self, settings: Settings, log: Callable[[str], None] = print, only: tuple[str, ...] = ()):
        from harness.sandbox import docker_client

        unknown = set(only) - {name for name, _, _ in SECTIONS}
        if unknown:
            raise ValueError(f"no bench section {', '.join(sorted(unknown))}; the sections: {section_names()}")
        self.settings = settings
        self.only = only  # section names to run (their mode's others are left out); empty: all
        self.log = log
        self.client = docker_client()
        self.label = f"bench-{uuid.uuid4().hex[:8]}"  # the evalrun.run label of every container we start
        self.figures: list[Figure] = []
        self.sections: list[Section] = []
        self.images: dict[str, str] = {}
        self.tmp = Path(tempfile.gettempdir())  # a folder of its own while run() runs
        self.miniswe_starts: list[float] = []  # mini-swe-agent's start times, taken with its round trips

    # -- tasks and images ---------------------------------------------------------------------
    def fixture(self):
        from harness.tasks import load_task

        return load_task(FIXTURE_TASK)

    def task_set(self) -> list:
        from harness.tasks import load_tasks

        return load_tasks(paths.tasks_dir()).tasks

    def has_image(self, task) -> bool:
        """This machine already has the task's image (by its content hash); if so, `image` returns
        its tag without looking again."""
        if task.id in self.images:
            return True
        from harness.images import ImageBuilder

        builder = ImageBuilder(self.client)
        tag = builder.task_tag(task)
        if builder.exists(tag):
            self.images[task.id] = tag
            return True
        return False

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
        try:
            for name, measure, wanted in SECTIONS:
                if (name in self.only) if self.only else wanted(self.settings):
                    self.sections.append(self.measure(name, measure))
        finally:
            from harness.sandbox import clean

            clean(self.label, client=self.client)
            shutil.rmtree(self.tmp, ignore_errors=True)
        return {
            "mode": self.settings.mode,
            "command": f"evalrun bench --{self.settings.mode}" + "".join(f" --only '{n}'" for n in self.only),
            "label": self.label,
            "started_at": started_at,
            "wall_sec": round(time.monotonic() - started, 1),
            "load_average": {"start": list(load_start), "end": list(os.getloadavg())},
            "machine": self.machine(),
            "figures": {f.key: asdict(f) for f in self.figures},
            "sections": [asdict(s) for s in self.sections],
        }

    def measure(self, name: str, measure: Measure) -> Section:
        """One section, timed, with the load before and after; a broken one records its error."""
        section = Section(name, load_before=os.getloadavg())
        self.log(f"{name} (load average {section.load_before[0]:.2f}) ...")
        began, ticks = time.monotonic(), cpu_ticks()
        try:
            measure(self, section)
        except Exception as exc:  # a broken section is reported, the others still run
            section.error = f"{type(exc).__name__}: {exc}"
            self.log(f"  error: {section.error}")
        section.seconds = round(time.monotonic() - began, 1)
        section.load_after = os.getloadavg()
        section.cpu_busy = busy_since(ticks)
        return section

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

    def add(self, figure: Figure, measured: float | None = None) -> None:
        """Record `figure`. A figure with a target (settings.TARGETS) is judged on `measured`: its
        value in the figure's unit, before rounding."""
        target = TARGETS.get(figure.key)
        if target is not None:
            figure.target, figure.met = str(target), target.met(measured)
        self.figures.append(figure)
