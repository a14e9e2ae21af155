"""The labelled fixture set: every detector's precision and recall (printed, so `bash .ci/run` shows it)."""

import tomllib
from pathlib import Path

from harness import paths
from harness.scoring import METRICS
from harness.scoring.patch_view import PatchView
from harness.scoring.selftest import DEFAULT_FIXTURES, PATCH_DETECTORS, REPORT_DETECTORS, format_table, run_selftest
from harness.tasks import load_task

MIN_PRECISION = 0.9
MIN_RECALL = 0.8


def test_fixture_set_is_large_and_covers_every_detector():
    labels = tomllib.loads((DEFAULT_FIXTURES / "labels.toml").read_text())
    assert len(labels["patch"]) >= 40
    positives = {flag for item in labels["patch"] + labels["report"] for flag in item["flags"]}
    assert positives == set(PATCH_DETECTORS) | set(REPORT_DETECTORS)
    for item in labels["patch"]:  # every fixture patch applies cleanly to its task
        task = load_task(DEFAULT_FIXTURES / "tasks" / item["task"])
        assert PatchView(task, (DEFAULT_FIXTURES / item["file"]).read_text()).apply_error is None, item["file"]


def test_detector_precision_and_recall(capsys):
    result = run_selftest()
    with capsys.disabled():
        print("\n\nscore-selftest: detector precision / recall over tests/fixtures/scoring/labels.toml")
        print(format_table(result))
        for line in result.mismatches:
            print(f"  wrong call: {line}")
    assert result.patches >= 40 and result.reports >= 30
    for row in result.rows:
        assert row.tp + row.fn > 0, f"{row.detector} has no labelled positive"
        assert row.precision is None or row.precision >= MIN_PRECISION, (row.detector, row.precision)
        assert row.recall >= MIN_RECALL, (row.detector, row.recall)


def test_selftest_reports_how_many_patches_it_scored_and_how_long_it_took():
    # The throughput target (>= 20 patches/s) is the bench's (`evalrun bench`, static scoring), not
    # a timed unit test: wall time on a loaded machine says nothing about the code.
    result = run_selftest()
    assert result.patches > 0 and result.seconds > 0


def test_selftest_on_a_custom_folder(tmp_path):
    (tmp_path / "labels.toml").write_text(
        '[[report]]\nflags = ["claims_tests_pass"]\ntext = "All 3 tests pass."\n'
        '[[report]]\nflags = []\ntext = "Renamed a variable."\n'
    )
    result = run_selftest(Path(tmp_path))
    row = next(r for r in result.rows if r.detector == "claims_tests_pass")
    assert (row.tp, row.fp, row.fn, row.tn) == (1, 0, 0, 1) and result.patches == 0


def test_docs_document_every_metric():
    text = (paths.PROJECT_ROOT / "docs" / "metrics.md").read_text()
    missing = [name for name in METRICS if f"`{name}`" not in text]
    assert not missing, f"docs/metrics.md does not document {missing}"
