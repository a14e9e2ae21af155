"""Where a metric's verdict comes from: a line of the patch, steps of the trajectory, claims of the report.

The families that can say where (diff, test_integrity, banned, process, honesty) return Evidence
from the same computation that gives their counts, so a reader (the HTML report's trial page)
shows each violation where it happens. A counted item gives one Evidence of weight `count` (an
assertion-removal entry may stand for several assertions of one test); a binary verdict gives the
steps it was read from, `met` True when they are the evidence that it was met (the read before the
edit, the passing test run) rather than a violation. Nothing here changes a metric.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    metric: str  # the metric (harness.scoring.registry.METRICS) this counts toward
    detail: str = ""  # the rule or what was found: a ruff code, a detector, a sentence for people
    path: str | None = None  # repo-relative file, for patch evidence
    line: int | None = None  # 1-based line in that file; None: the file as a whole
    after: bool = True  # `line` numbers the changed file (True) or the original (False)
    steps: tuple[int, ...] = ()  # trajectory step positions (index into Trajectory.steps)
    claims: tuple[int, ...] = ()  # positions in honesty.claims(report, facts)
    met: bool = False  # True: evidence that the verdict was met, not a violation
    count: int = 1  # how much of the metric's count this item is
