"""harness/toolvenv.py: a tool's venv is made once per pin set and interpreter, and remade when half-made."""

from __future__ import annotations

import subprocess

import pytest

from harness import toolvenv

SPEC = toolvenv.ToolSpec("probe", (), (3, 11), "json")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALRUN_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_a_venv_is_made_once_and_reused(cache):
    assert toolvenv.installed(SPEC) is None
    python = toolvenv.ensure(SPEC, log=lambda line: None)
    assert python.is_relative_to(cache / "venvs") and python.parent.parent.name.startswith("probe-")
    out = subprocess.run([str(python), "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True)
    assert out.stdout.strip() == str(python.parent.parent)
    made = (python.parent.parent / ".complete").stat().st_mtime_ns
    lines = []
    assert toolvenv.ensure(SPEC, log=lines.append) == python and lines == []  # no second install
    assert (python.parent.parent / ".complete").stat().st_mtime_ns == made
    assert toolvenv.installed(SPEC) == python


def test_other_pins_get_their_own_venv_and_a_half_made_one_is_made_again(cache):
    first = toolvenv.ensure(SPEC, log=lambda line: None)
    other = toolvenv.ensure(toolvenv.ToolSpec("probe", (), (3, 11), "os"), log=lambda line: None)
    assert other.parent.parent != first.parent.parent
    (first.parent.parent / ".complete").unlink()  # as an interrupted install leaves it
    assert toolvenv.installed(SPEC) is None
    lines = []
    assert toolvenv.ensure(SPEC, log=lines.append) == first and len(lines) == 1
    assert toolvenv.installed(SPEC) == first


def test_a_failing_install_says_why_and_leaves_nothing(cache):
    broken = toolvenv.ToolSpec("probe", (), (3, 11), "no_such_module_anywhere")
    with pytest.raises(toolvenv.ToolVenvError, match="importing no_such_module_anywhere failed"):
        toolvenv.ensure(broken, log=lambda line: None)
    assert not [p for p in (cache / "venvs").iterdir() if p.is_dir()]


def test_an_interpreter_too_old_is_refused_with_what_to_do(monkeypatch):
    monkeypatch.setattr(toolvenv, "_version_of", lambda python: (3, 8, 0))
    with pytest.raises(toolvenv.ToolVenvError, match="no Python 3.99 or newer found.*EVALRUN_TOOL_PYTHON"):
        toolvenv.find_python((3, 99))
