"""A pip run the network cut off is tried again wherever evalrun runs pip on the host: the tool venvs'
`pip install` (tests/test_toolvenv.py), the agent CLIs' `pip download` of wheels (pyinstall) and of a
single binary wheel (bridged). Stop 27's CI failed on such a cut-off download."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from harness import toolvenv
from harness.agents import bridged, pyinstall

READ_TIMEOUT = (
    "pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', "
    "port=443): Read timed out."
)


def _downloads_fail(monkeypatch, stderr: str, times: int, wheel: str | None = None) -> list[list[str]]:
    """subprocess.run as evalrun sees it: `pip download` fails `times` times with stderr, then succeeds
    (writing `wheel`, a zip with one file, into --dest when given)."""
    calls: list[list[str]] = []

    def run(command, **kwargs):
        assert command[1:4] == ["-m", "pip", "download"], command
        calls.append(command)
        if len(calls) <= times:
            return subprocess.CompletedProcess(command, 2, stdout="", stderr=stderr)
        if wheel is not None:
            dest = Path(command[command.index("--dest") + 1])
            with zipfile.ZipFile(dest / wheel, "w") as archive:
                archive.writestr("tool/bin/tool", "#!/bin/sh\n")
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(toolvenv.subprocess, "run", run)
    monkeypatch.setattr(toolvenv, "PIP_RETRY_DELAYS_SEC", (0, 0))
    return calls


CLI = pyinstall.PythonCLI(name="probe-cli", requirements=("probe-cli==1.0",), check="probe")


def test_a_wheel_download_cut_off_by_the_network_is_tried_again(tmp_path, monkeypatch):
    calls = _downloads_fail(monkeypatch, READ_TIMEOUT, times=2)
    wheels = pyinstall._download(CLI, "3.11", "2.36", tmp_path / "wheels")
    assert len(calls) == 3 and (wheels / ".complete").is_file()
    assert all("--timeout" in call for call in calls)


def test_a_wheel_download_the_network_keeps_failing_names_the_tries_and_the_cause(tmp_path, monkeypatch):
    calls = _downloads_fail(monkeypatch, READ_TIMEOUT, times=99)
    with pytest.raises(pyinstall.AgentInstallError, match="(?s)after 3 tries.*Read timed out"):
        pyinstall._download(CLI, "3.11", "2.36", tmp_path / "wheels")
    assert len(calls) == 3 and not (tmp_path / "wheels").exists()


def test_a_wheel_pip_cannot_resolve_is_not_downloaded_again(tmp_path, monkeypatch):
    calls = _downloads_fail(monkeypatch, "ERROR: No matching distribution found for probe-cli==1.0", times=99)
    with pytest.raises(pyinstall.AgentInstallError, match="No matching distribution"):
        pyinstall._download(CLI, "3.11", "2.36", tmp_path / "wheels")
    assert len(calls) == 1


def test_a_binary_wheel_download_cut_off_by_the_network_is_tried_again(tmp_path, monkeypatch):
    calls = _downloads_fail(monkeypatch, READ_TIMEOUT, times=1, wheel="tool-1.0-py3-none-manylinux_2_17_x86_64.whl")
    folder = bridged.install_from_wheel(
        tmp_path / "tool",
        ("tool", "1.0", "manylinux_2_17_x86_64"),
        "the tool's binary",
        {"tool": "tool/bin/tool"},
        ready=("tool",),
    )
    assert len(calls) == 2 and (folder / "tool").is_file()
    assert all("--timeout" in call for call in calls)


def test_a_binary_wheel_download_that_hangs_is_stopped_at_the_limit_and_says_so(tmp_path, monkeypatch):
    calls = []

    def run(command, **kwargs):
        calls.append(command)
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr(toolvenv.subprocess, "run", run)
    with pytest.raises(bridged.AgentInstallError, match=f"took more than {toolvenv.INSTALL_TIMEOUT_SEC}s"):
        bridged.install_from_wheel(
            tmp_path / "tool", ("tool", "1.0", "manylinux_2_17_x86_64"), "the tool's binary", {"tool": "t"}, ("tool",)
        )
    assert len(calls) == 1
