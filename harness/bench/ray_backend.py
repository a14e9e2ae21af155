"""`--backend ray` against the local pool (full mode, or `--only 'ray backend'`): the same replayed
trials on a Ray cluster started here (a head and 2 worker nodes x 1 Docker slot, all on this
machine's engine: harness/backends/local_cluster.py) and with `--backend local --concurrency 2`,
alternating local, ray, local, ray so that both see the same load. The overhead is 1 - ray / local
throughput; where Ray's time goes (actor start, time on the node, the round trip) is in the details."""

from __future__ import annotations

import json
import os
import statistics
import time
from typing import TYPE_CHECKING

from harness.bench.figures import Figure, Section, rounded
from harness.bench.load import busy_since, cpu_ticks
from harness.bench.throughput import FIXTURE_SCRIPT

if TYPE_CHECKING:
    from harness.bench.run import Bench

ROUNDS = 2  # local, ray, local, ray


def measure_ray(bench: Bench, section: Section) -> None:
    from harness.backends.local_cluster import LocalCluster
    from harness.backends.ray_cluster import RayBackend

    s = bench.settings
    count = s.ray_trials or 8
    task = bench.fixture()
    image = bench.image(task)
    replay = bench.tmp / "replay-ray.json"
    replay.write_text(json.dumps({"responses": FIXTURE_SCRIPT, "latency_sec": s.trial_latency_sec}))
    began = time.monotonic()
    cluster = LocalCluster(workers=2)
    section.details["cluster_start_sec"] = round(time.monotonic() - began, 1)
    walls: dict[str, list[float]] = {"local": [], "ray": []}
    try:
        for round_number in range(1, ROUNDS + 1):
            for name in ("local", "ray"):
                backend = RayBackend(cluster.address) if name == "ray" else None
                wall = _timed_run(bench, section, f"{name}-{round_number}", task, image, replay, count, backend)
                walls[name].append(wall)
    finally:
        cluster.stop()
    local_rate = sum(count for _ in walls["local"]) / sum(walls["local"]) * 60
    ray_rate = sum(count for _ in walls["ray"]) / sum(walls["ray"]) * 60
    overhead = (1 - ray_rate / local_rate) * 100
    load = os.getloadavg()
    under = f"measured under load (1-min load average {load[0]:.1f} on {os.cpu_count()} CPUs)"
    trials = f"{count} trials x {ROUNDS} rounds, fixture task, {len(FIXTURE_SCRIPT)} calls x {s.trial_latency_sec:g} s"
    bench.add(
        Figure(
            "ray_trials_per_min",
            "trial throughput, --backend ray (2 nodes x 1 slot)",
            rounded(ray_rate, 1),
            "trials/min",
            {"local, concurrency 2": rounded(local_rate, 1)},
            note=f"{trials}; {under}",
        )
    )
    bench.add(
        Figure(
            "ray_overhead_pct",
            "--backend ray overhead vs local concurrency 2",
            rounded(overhead, 1),
            "%",
            {},
            note=f"1 - ray / local throughput; {under}; cluster start {section.details['cluster_start_sec']} s, "
            "not counted",
        ),
        measured=overhead,
    )


def _timed_run(bench: Bench, section: Section, name: str, task, image: str, replay, count: int, backend) -> float:
    from harness.prompts import make_condition
    from harness.runner import Runner, RunSpec

    run_id = f"{bench.label}-{name}"
    condition = make_condition(False, None, False)
    spec = RunSpec(run_id, f"replay/{replay}", condition, count, max_steps=len(FIXTURE_SCRIPT) + 1)
    runner = Runner(spec, [task], {task.id: image}, bench.tmp / run_id, concurrency=2, backend=backend)
    load_before, ticks = os.getloadavg()[0], cpu_ticks()
    began = time.perf_counter()
    records = runner.run()
    wall = time.perf_counter() - began
    errors = [r.error for r in records if r.error_category is not None]
    if len(records) != count or errors or not all(r.resolved for r in records):
        raise RuntimeError(f"{name}: {len(records)}/{count} trials recorded; errors: {errors[:3]}")
    details = {
        "trials": count,
        "wall_sec": round(wall, 1),
        "trials_per_min": round(count / wall * 60, 1),
        "mean_trial_sec": round(statistics.mean(r.wall_sec for r in records), 2),
        "nodes": sorted({r.node for r in records if r.node}),
        "load_1min": [load_before, os.getloadavg()[0]],
        "cpu_busy": busy_since(ticks),
    }
    if backend is not None:
        stats = backend.stats
        details |= {
            "pool_ready_sec": stats.pool_ready_sec,
            "actor_start_sec": stats.actor_start_sec,
            "mean_node_sec": round(statistics.mean(stats.node_sec), 2),
            "mean_round_trip_sec": round(statistics.mean(stats.round_trip_sec), 2),
        }
    section.details[name] = details
    rate = details["trials_per_min"]
    bench.log(f"  {name}: {count} trials in {wall:.1f}s ({rate} trials/min, load {load_before:.1f})")
    return wall
