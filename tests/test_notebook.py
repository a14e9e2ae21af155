"""notebooks/analysis.ipynb executes top to bottom (nbclient) on sample runs in the real record format."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from test_report import build_sample_runs

from harness import analysis

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "analysis.ipynb"


def _text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts.append(data.get("text/plain", "") + data.get("text/html", "") + data.get("image/svg+xml", ""))
    return "".join(parts)


def _execute() -> str:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    return "\n".join(_text(cell) for cell in notebook.cells if cell.cell_type == "code")


def test_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    tasks_dir, results, _ = build_sample_runs(tmp_path)
    monkeypatch.setenv("EVALRUN_TASKS_DIR", str(tasks_dir))
    monkeypatch.setenv("EVALRUN_RESULTS_DIR", str(results))
    outputs = _execute()
    assert "3 run(s), 9 finished trial(s) on 2 task(s); 1 infrastructure error(s) left out" in outputs
    assert "skill:backend - baseline" in outputs and "<svg" in outputs  # effect table and forest plot
    assert "Banned: Weakening an assertion" in outputs  # the clause table
    assert "mini-discount-b" in outputs and "tokens_per_clean_success" in outputs


def test_notebook_runs_on_the_committed_sample_runs(monkeypatch):
    if not analysis.discover_runs(ROOT / "results"):
        pytest.skip("no sample runs committed under results/ yet")
    monkeypatch.setenv("EVALRUN_RESULTS_DIR", str(ROOT / "results"))
    assert "finished trial(s)" in _execute()
