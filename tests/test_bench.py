"""`evalrun bench --quick`: runs against real Docker, prints every figure, writes every key."""

import json
import os
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from harness.bench import FIGURE_KEYS, TARGETS, Target, image_footprint, percentile, register
from harness.bench.load import busy_cpu_seconds_since, cpu_ticks
from harness.bench.settings import FULL_ONLY_KEYS
from harness.bench.throughput import speedup_ceiling
from harness.sandbox import docker_client

pytestmark = pytest.mark.docker


def bench_app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command()
    def other() -> None:  # a second command keeps `bench` a named subcommand, as in the real CLI
        pass

    return app


def test_percentile_is_nearest_rank():
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile([float(i) for i in range(1, 101)], 95) == 95.0
    assert percentile([7.0], 95) == 7.0


def test_the_speedup_ceiling_is_the_cpus_over_a_trials_machine_cpu_against_the_c1_trial():
    # 2026-12-04 on an idle machine: c1 trials of 9.15 s, 3.54 machine CPU-s per c8 trial
    assert speedup_ceiling({"mean_trial_sec": 9.15}, {"machine_cpu_sec_per_trial": 3.54}, cpus=2) == pytest.approx(
        2 * 9.15 / 3.54
    )
    assert speedup_ceiling({"mean_trial_sec": 9.15}, {"machine_cpu_sec_per_trial": None}, cpus=2) is None
    assert speedup_ceiling(None, {"machine_cpu_sec_per_trial": 3.54}, cpus=2) is None


def test_busy_cpu_seconds_count_this_process_spinning():
    ticks = cpu_ticks()
    began = time.process_time()
    while time.process_time() - began < 0.5:
        pass
    assert busy_cpu_seconds_since(ticks) >= 0.4  # anyone's work: at least this process's 0.5 s
    assert busy_cpu_seconds_since(None) is None


def test_a_target_prints_as_it_reads_and_judges_the_same_comparison():
    ratio = Target(op="<=", value=1.5, unit="x")
    assert str(ratio) == "<= 1.5x" and ratio.met(1.5) is True and ratio.met(1.51) is False and ratio.met(None) is None
    rate = Target(op=">=", value=20, unit="/s")
    assert str(rate) == ">= 20/s" and rate.met(20) is True and rate.met(19.9) is False
    disk = Target(op="<=", value=1.5, unit="GB", scope="30 tasks")
    assert str(disk) == "<= 1.5 GB (30 tasks)"
    with pytest.raises(ValueError):
        Target(op="<", value=1, unit="x")
    assert set(TARGETS) <= set(FIGURE_KEYS) | set(FULL_ONLY_KEYS)


def test_quick_bench_prints_and_records_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(bench_app(), ["bench", "--quick", "--json", str(out)])
    assert result.exit_code == 0, result.output
    if os.environ.get("EVALRUN_CI_BENCH_OUTPUT"):  # .ci/run prints this run's figures (not a second bench)
        Path(os.environ["EVALRUN_CI_BENCH_OUTPUT"]).write_text(result.output)
    data = json.loads(out.read_text())
    assert data["mode"] == "quick" and len(data["load_average"]["start"]) == 3
    assert [s["error"] for s in data["sections"]] == [None] * 7
    assert set(FIGURE_KEYS) <= set(data["figures"])
    for key in FIGURE_KEYS:
        figure = data["figures"][key]
        assert figure["value"] is not None and figure["value"] > 0, key
        assert figure["label"] in result.output, key
    assert data["figures"]["exec_roundtrip_p50_ms"]["baselines"]["docker exec (CLI)"] > 0
    for key in ("exec_roundtrip_p50_ms", "exec_speedup_vs_docker_exec", "grade_overhead_ratio", "trial_speedup_c8"):
        assert isinstance(data["figures"][key]["met"], bool), key  # a target figure says whether it is met
    for key in ("static_patches_per_sec", "images_disk_gb"):
        assert isinstance(data["figures"][key]["met"], bool), key
    assert "load average" in result.output
    trials = next(s for s in data["sections"] if s["name"] == "trial throughput")["details"]
    assert all(trials[f"fixture-c{level}"]["machine_cpu_sec_per_trial"] > 0 for level in (1, 8))
    assert "the CPUs allow at most" in data["figures"]["trial_speedup_c8"]["note"]
    assert docker_client().containers.list(all=True, filters={"label": f"evalrun.run={data['label']}"}) == []


def test_footprint_counts_shared_layers_once(tmp_path):
    from pathlib import Path

    from harness.images import ImageBuilder
    from harness.tasks import load_task

    task = load_task(Path(__file__).parent / "fixtures" / "tasks" / "mini-discount")
    tag = ImageBuilder(docker_client(), log=lambda _: None).ensure_task(task)
    one = image_footprint(docker_client(), [tag])
    twice = image_footprint(docker_client(), [tag, tag])
    assert one == twice  # the same image named twice adds nothing
    unique, naive, layers, own = one
    assert unique == naive == docker_client().images.get(tag).attrs["Size"] and layers >= 2 and own == unique


def test_the_quick_footprint_reads_the_images_this_machine_has_and_builds_none(monkeypatch):
    """CI builds task images on demand; the quick bench's footprint building all 85 took ~25 min."""
    from harness.bench import footprint
    from harness.bench.figures import Section
    from harness.bench.settings import FULL, QUICK

    class FakeBench:
        def __init__(self, settings):
            self.settings, self.built, self.figures = settings, [], []
            self.tasks = [type("T", (), {"id": f"t{i}"})() for i in range(5)]

        def task_set(self):
            return self.tasks

        def has_image(self, task):
            return task.id in ("t1", "t3")

        def image(self, task):
            if not self.has_image(task):
                self.built.append(task.id)
            return f"evalrun/task-{task.id}:x"

        def add(self, figure, measured=None):
            self.figures.append(figure)

        client = None

    monkeypatch.setattr(footprint, "image_footprint", lambda client, tags: (len(tags), len(tags), len(tags), 0))
    quick, full = FakeBench(QUICK), FakeBench(FULL)
    footprint.measure_images(quick, Section("image footprint"))
    footprint.measure_images(full, Section("image footprint"))
    assert quick.built == [] and "of the 2 task images" in quick.figures[0].label
    assert full.built == ["t0", "t2", "t4"] and "of the 5 task images" in full.figures[0].label
