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


def _pip_fails(monkeypatch, stderr: str, times: int) -> list[list[str]]:
    """subprocess.run as toolvenv sees it: pip install fails `times` times with stderr, then succeeds."""
    real_run = subprocess.run
    pip_calls: list[list[str]] = []

    def run(command, **kwargs):
        if command[1:4] == ["-m", "pip", "install"]:
            pip_calls.append(command)
            if len(pip_calls) <= times:
                return subprocess.CompletedProcess(command, 2, stdout="", stderr=stderr)
            return subprocess.CompletedProcess(command, 0, stdout="", stderr="")
        return real_run(command, **kwargs)

    monkeypatch.setattr(toolvenv.subprocess, "run", run)
    monkeypatch.setattr(toolvenv, "PIP_RETRY_DELAYS_SEC", (0, 0))
    return pip_calls


PINNED = toolvenv.ToolSpec("probe", ("somepackage==1.0",), (3, 11), "json")
READ_TIMEOUT = (
    "pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', "
    "port=443): Read timed out."
)


def test_a_pip_install_cut_off_by_the_network_is_tried_again_and_says_so(cache, monkeypatch):
    pip_calls = _pip_fails(monkeypatch, READ_TIMEOUT, times=2)
    lines = []
    python = toolvenv.ensure(PINNED, log=lines.append)
    assert len(pip_calls) == 3 and toolvenv.installed(PINNED) == python
    assert sum("network" in line and "again" in line for line in lines) == 2, lines
    assert all("--timeout" in call for call in pip_calls)


def test_a_network_that_stays_down_fails_after_the_last_try_with_the_cause(cache, monkeypatch):
    pip_calls = _pip_fails(monkeypatch, READ_TIMEOUT, times=99)
    with pytest.raises(toolvenv.ToolVenvError, match="(?s)failed after 3 tries.*Read timed out"):
        toolvenv.ensure(PINNED, log=lambda line: None)
    assert len(pip_calls) == 3
    assert not [p for p in (cache / "venvs").iterdir() if p.is_dir()]


def test_a_pin_pip_cannot_resolve_is_not_tried_again(cache, monkeypatch):
    pip_calls = _pip_fails(monkeypatch, "ERROR: No matching distribution found for somepackage==1.0", times=99)
    with pytest.raises(toolvenv.ToolVenvError, match="No matching distribution"):
        toolvenv.ensure(PINNED, log=lambda line: None)
    assert len(pip_calls) == 1
