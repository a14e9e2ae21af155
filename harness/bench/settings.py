"""What a bench run measures and against what: the two modes (quick, full), the figures every run
reports, and each target as data that both prints ("<= 1.5x") and decides whether it is met."""

from __future__ import annotations

import operator
from dataclasses import dataclass

from harness import paths

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
# Figures only a full run reports (beside the long_/real_ series): --backend ray against local.
FULL_ONLY_KEYS = ("ray_trials_per_min", "ray_overhead_pct")


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
    ray_trials: int = 0  # > 0: as many trials on a 2-worker Ray cluster here and with the local pool at c2
    # the image footprint: "all" task images (built if missing), or "built": those this machine has
    # (quick mode: CI builds task images on demand, and building all of them would take ~25 minutes)
    footprint_images: str = "all"


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
    footprint_images="built",
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
    ray_trials=8,
)

COMPARISONS = {"<=": operator.le, ">=": operator.ge}
GLUED_UNITS = ("x", "/s")  # written against the number: "5x", "20/s"; other units after a space


@dataclass(frozen=True, kw_only=True)
class Target:
    """A figure's target: `op value unit` in the figure's unit, `scope` what it is stated for."""

    op: str  # a key of COMPARISONS
    value: float
    unit: str
    scope: str = ""

    def __post_init__(self) -> None:
        if self.op not in COMPARISONS:
            raise ValueError(f"target op {self.op!r}: use one of {sorted(COMPARISONS)}")

    def met(self, measured: float | None) -> bool | None:
        """Whether `measured` (in the target's unit) meets it; None when nothing was measured."""
        return None if measured is None else bool(COMPARISONS[self.op](measured, self.value))

    def __str__(self) -> str:
        space = "" if self.unit in GLUED_UNITS else " "
        return f"{self.op} {self.value:g}{space}{self.unit}" + (f" ({self.scope})" if self.scope else "")


# The targets, by figure key (docs/performance.md gives the reasons).
TARGETS = {
    "exec_roundtrip_p50_ms": Target(op="<=", value=10, unit="ms"),
    "exec_speedup_vs_docker_exec": Target(op=">=", value=5, unit="x"),
    "grade_overhead_ratio": Target(op="<=", value=1.5, unit="x"),
    "trial_speedup_c8": Target(op=">=", value=6, unit="x"),
    "static_patches_per_sec": Target(op=">=", value=20, unit="/s"),
    "images_disk_gb": Target(op="<=", value=1.5, unit="GB", scope="30 tasks"),
    # --backend ray (2 worker nodes x 1 Docker slot) against --backend local --concurrency 2
    "ray_overhead_pct": Target(op="<=", value=15, unit="%", scope="vs local c2"),
}
