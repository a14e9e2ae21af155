"""The typed trial record (issue 12, item 3): one schema, written and read by harness.results."""

import json
from pathlib import Path

import pytest

from harness.results import SCHEMA_VERSION, RecordError, TrialRecord, load_run, write_record

SAMPLES = Path(__file__).resolve().parent.parent / "results" / "samples"


def test_records_written_before_the_schema_version_still_load():
    """The committed sample runs were written by the previous version (no schema_version field)."""
    folders = sorted(p for p in SAMPLES.iterdir() if (p / "trials.jsonl").is_file())
    assert folders
    for folder in folders:
        raw = [json.loads(line) for line in (folder / "trials.jsonl").read_text().splitlines()]
        run = load_run(folder)
        assert len(run.records) == len({r["trial_id"] for r in raw})
        for record in run.records:
            assert record.schema_version == 1 and record.phase_sec is None and record.error_phase is None
            original = next(r for r in raw if r["trial_id"] == record.trial_id)
            assert {k: v for k, v in record.to_dict().items() if k in original} == original


def test_a_record_round_trips_through_the_trial_log(tmp_path):
    record = TrialRecord(trial_id="t__baseline__a1", task_id="t", attempt=1, phase_sec={"agent": 1.5}, scores={"x": 1})
    write_record(tmp_path / "trials.jsonl", record)
    [back] = load_run(tmp_path).records
    assert back == record and back.schema_version == SCHEMA_VERSION


def test_unknown_fields_are_a_clear_error(tmp_path):
    line = {"trial_id": "t__baseline__a1", "attempt": 1, "schema_version": SCHEMA_VERSION, "surprise": 1}
    (tmp_path / "trials.jsonl").write_text(json.dumps(line) + "\n")
    with pytest.raises(RecordError, match=r"trials.jsonl, trial t__baseline__a1: unknown field\(s\) surprise"):
        load_run(tmp_path)


@pytest.mark.parametrize(
    "line,message",
    [
        (
            {"trial_id": "t", "schema_version": SCHEMA_VERSION + 1},
            f"schema_version {SCHEMA_VERSION + 1}; this evalrun reads 1 to {SCHEMA_VERSION}",
        ),
        ({"trial_id": "t", "steps": "five"}, "field steps is 'five', not int"),
        ({"trial_id": None}, "field trial_id is None"),
    ],
)
def test_records_this_version_cannot_read_are_refused(tmp_path, line, message):
    (tmp_path / "trials.jsonl").write_text(json.dumps(line) + "\n")
    with pytest.raises(RecordError, match=message):
        load_run(tmp_path)


def test_model_and_condition_come_from_the_config_when_a_record_has_none(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"run_id": "r", "model": "m", "condition": "skill"}))
    lines = [{"trial_id": "a", "attempt": 1}, {"trial_id": "b", "attempt": 1, "model": "other"}]
    (tmp_path / "trials.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    run = load_run(tmp_path)
    assert [(r.model, r.condition) for r in run.records] == [("m", "skill"), ("other", "skill")]
    assert run.run_id == "r" and run.model == "m"
