"""Outside tools (Harbor, mini-swe-agent) in venvs of their own, so their pins never touch evalrun's.

    ToolSpec(name, requirements, min_python, check)   what to install, pinned
    ensure(spec, log) -> Path                          the venv's python: created once, then reused
    installed(spec) -> Path | None                     that python if a complete venv is already there
    run_pip(python, args, log) -> PipRun               any pip on the host, tried again when the network cut it off

A venv lives under <cache>/venvs/<name>-<key>, where key hashes the pinned requirements and the
interpreter's exact version: a changed pin or interpreter makes a new venv, an unchanged one is
reused (CI pays the install once per machine). The install only needs PyPI. A venv is complete
once its `.complete` marker holds the key; a half-made one (an interrupted install) is removed and
made again. Concurrent callers serialize on a lock file beside it.
"""

from __future__ import annotations

import fcntl
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness import paths

PYTHON_ENV = "EVALRUN_TOOL_PYTHON"  # an interpreter to build tool venvs with (else searched for)
INSTALL_TIMEOUT_SEC = 1800
# PyPI over a slow link: pip's own socket timeout, raised from its 15 s; and a whole `pip install`
# tried again (after these pauses) when it stopped on the network. pip retries a request that fails,
# not a download cut off mid-stream (urllib3's ReadTimeoutError while reading chunks), which is what
# ended a CI run's Harbor install. A failure that is not the network (a pin that does not resolve)
# is not tried again.
PIP_SOCKET_TIMEOUT_SEC = 60
PIP_RETRY_DELAYS_SEC = (10, 30)
NETWORK_FAILURES = (
    "ReadTimeoutError",
    "Read timed out",
    "ConnectTimeoutError",
    "NewConnectionError",
    "ConnectionResetError",
    "Connection reset by peer",
    "ProtocolError",
    "IncompleteRead",
    "RemoteDisconnected",
    "Temporary failure in name resolution",
    "Max retries exceeded",
    "THESE PACKAGES DO NOT MATCH THE HASHES",  # a truncated download
)


class ToolVenvError(Exception):
    """A tool's venv cannot be made. The message says why and what to do."""


@dataclass(frozen=True)
class ToolSpec:
    name: str  # folder name prefix
    requirements: tuple[str, ...]  # pip requirement specifiers, pinned (the cache key)
    min_python: tuple[int, int] = (3, 11)
    check: str = ""  # a module that must import once installed


def venv_root() -> Path:
    return paths.cache_dir() / "venvs"


def _version_of(python: str) -> tuple[int, int, int] | None:
    try:
        result = subprocess.run(
            [python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None  # e.g. a pyenv shim for a version that is not active
    major, minor, micro = (int(part) for part in result.stdout.strip().split("."))
    return major, minor, micro


def find_python(min_python: tuple[int, int]) -> tuple[str, tuple[int, int, int]]:
    """An interpreter of at least min_python: $EVALRUN_TOOL_PYTHON, this one, pythonX.Y on PATH, pyenv's."""
    candidates = [os.environ.get(PYTHON_ENV), sys.executable]
    for minor in range(20, min_python[1] - 1, -1):
        candidates.append(shutil.which(f"python{min_python[0]}.{minor}"))
        candidates.append(f"/usr/bin/python{min_python[0]}.{minor}")
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"

    def version_key(path: str) -> tuple[int, ...]:
        return tuple(int(part) if part.isdigit() else -1 for part in Path(path).parent.parent.name.split("."))

    candidates += sorted(glob.glob(str(pyenv / "3.*" / "bin" / "python3")), key=version_key, reverse=True)
    tried = []
    for candidate in candidates:
        if not candidate or candidate in tried:
            continue
        tried.append(candidate)
        version = _version_of(candidate)
        if version and version[:2] >= min_python:
            return candidate, version
    wanted = ".".join(map(str, min_python))
    raise ToolVenvError(
        f"no Python {wanted} or newer found (tried {', '.join(tried)}); install one (e.g. apt-get install "
        f"python{wanted}, or pyenv install {wanted}) or point {PYTHON_ENV} at it"
    )


def _key(spec: ToolSpec, version: tuple[int, int, int]) -> str:
    digest = hashlib.sha256()
    for part in (spec.name, *spec.requirements, ".".join(map(str, version)), spec.check):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:12]


def _folder(spec: ToolSpec, version: tuple[int, int, int]) -> tuple[Path, str]:
    key = _key(spec, version)
    return venv_root() / f"{spec.name}-{key}", key


def _complete(folder: Path, key: str) -> bool:
    marker = folder / ".complete"
    return marker.is_file() and marker.read_text().strip() == key and (folder / "bin" / "python").exists()


def installed(spec: ToolSpec) -> Path | None:
    """The tool venv's python if it is already complete (no install, no network)."""
    try:
        _, version = find_python(spec.min_python)
    except ToolVenvError:
        return None
    folder, key = _folder(spec, version)
    return folder / "bin" / "python" if _complete(folder, key) else None


def ensure(spec: ToolSpec, log: Callable[[str], None] = print) -> Path:
    """The tool venv's python; installs the pinned requirements from PyPI the first time."""
    python, version = find_python(spec.min_python)
    folder, key = _folder(spec, version)
    if _complete(folder, key):
        return folder / "bin" / "python"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _complete(folder, key):  # made by another process while this one waited
            return folder / "bin" / "python"
        shutil.rmtree(folder, ignore_errors=True)
        log(f"installing {' '.join(spec.requirements)} into {folder} (Python {'.'.join(map(str, version))}, once)")
        try:
            _run([python, "-m", "venv", str(folder)], "creating the venv")
            if spec.requirements:
                _pip_install(folder / "bin" / "python", spec.requirements, log)
            if spec.check:
                _run([str(folder / "bin" / "python"), "-c", f"import {spec.check}"], f"importing {spec.check}")
        except ToolVenvError:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        (folder / ".complete").write_text(key + "\n")
    return folder / "bin" / "python"


def _pip_install(python: Path, requirements: tuple[str, ...], log: Callable[[str], None]) -> None:
    run = run_pip(str(python), ["install", "--quiet", "--disable-pip-version-check", "--no-input", *requirements], log)
    if not run.ok:
        raise ToolVenvError(run.failure(f"pip install {' '.join(requirements)}"))


@dataclass(frozen=True)
class PipRun:
    """The last try of a pip command (run_pip): its process, how many tries it took, and the time
    limit it was killed at (None: it ended by itself)."""

    process: subprocess.CompletedProcess
    tries: int
    killed_after_sec: float | None = None

    @property
    def ok(self) -> bool:
        return self.killed_after_sec is None and self.process.returncode == 0

    @property
    def output(self) -> str:
        return (self.process.stderr or self.process.stdout or "").strip()

    def failure(self, what: str, tail: int = 2000) -> str:
        """What failed and how, for an error message (`what`: the command in words)."""
        if self.killed_after_sec is not None:
            return f"{what} took more than {self.killed_after_sec:g}s"
        how = f" after {self.tries} tries on the network" if network_failure(self.output) else ""
        return f"{what} failed{how} (exit {self.process.returncode}):\n{self.output[-tail:]}"


def network_failure(output: str) -> bool:
    """pip's output names a failure of the network (NETWORK_FAILURES), not of the request itself."""
    return any(marker in output for marker in NETWORK_FAILURES)


def run_pip(
    python: str, args: list[str], log: Callable[[str], None] = print, timeout: float = INSTALL_TIMEOUT_SEC
) -> PipRun:
    """`python -m pip <args> --timeout PIP_SOCKET_TIMEOUT_SEC`, tried again (after PIP_RETRY_DELAYS_SEC)
    while it fails on the network: the one way evalrun runs pip on the host. The caller judges the
    last try (PipRun.ok / failure). A try still running after `timeout` seconds is killed and not tried
    again."""
    command = [python, "-m", "pip", *args, "--timeout", str(PIP_SOCKET_TIMEOUT_SEC)]
    tries, attempt = len(PIP_RETRY_DELAYS_SEC) + 1, 1
    while True:
        try:
            run = PipRun(subprocess.run(command, capture_output=True, text=True, timeout=timeout), attempt)
        except subprocess.TimeoutExpired:
            return PipRun(subprocess.CompletedProcess(command, -9, "", ""), attempt, killed_after_sec=timeout)
        if run.ok or not network_failure(run.output) or attempt == tries:
            return run
        delay = PIP_RETRY_DELAYS_SEC[attempt - 1]
        log(f"pip {args[0]}: the network cut it off (try {attempt} of {tries}); trying again in {delay}s")
        time.sleep(delay)
        attempt += 1


def _run(command: list[str], what: str) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SEC)
    except subprocess.TimeoutExpired as exc:
        raise ToolVenvError(f"{what} took more than {INSTALL_TIMEOUT_SEC}s") from exc
    if result.returncode != 0:
        raise ToolVenvError(f"{what} failed (exit {result.returncode}):\n{(result.stderr or result.stdout)[-2000:]}")
