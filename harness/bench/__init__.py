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

The package, by concern: `settings` (the two modes, the figure keys, the targets as data that both
print and judge), `figures` (Figure, Section, the plain-text rendering), `load` (busy CPUs, CPU
time), `run` (Bench: the sections in order, the images and the label they share), one module per
measurement group (`containers`, `grading`, `throughput`, `static`, `footprint`), and `command`
(the CLI). mini-swe-agent's driver is a data file, harness/data/miniswe_driver.py.
"""

from harness.bench.command import register
from harness.bench.figures import Figure, Section, percentile, render
from harness.bench.footprint import image_footprint
from harness.bench.run import SECTIONS, Bench
from harness.bench.settings import FIGURE_KEYS, FIXTURE_TASK, FULL, QUICK, TARGETS, Settings, Target
from harness.bench.throughput import FIXTURE_SCRIPT, LONG_FIXTURE_SCRIPT, real_task_script

__all__ = [
    "FIGURE_KEYS",
    "FIXTURE_SCRIPT",
    "FIXTURE_TASK",
    "FULL",
    "LONG_FIXTURE_SCRIPT",
    "QUICK",
    "SECTIONS",
    "TARGETS",
    "Bench",
    "Figure",
    "Section",
    "Settings",
    "Target",
    "image_footprint",
    "percentile",
    "real_task_script",
    "register",
    "render",
]
