"""Images with no registry: base -> one env image per service -> one image per task.

The base is built offline by debootstrap from the machine's configured Debian mirror and
`docker import`ed; a user with a registry can choose a stock Python image instead
(EVALRUN_BASE=stock). Every image is tagged with a content hash of what went into it, so an
unchanged task is never rebuilt. Hidden tests and gold patches never enter any image.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docker
import docker.errors

from harness import paths
from harness.languages import PYTHON_ENV_DOCKERFILE
from harness.tasks import Task

LABEL = "evalrun"
REGISTRY_ENV = "EVALRUN_REGISTRY"  # host[:port][/path] of a registry the machines share (docs/scale-out.md)
EXECD_SOURCE = Path(__file__).resolve().parent / "data" / "execd.py"
AGENT_UID = 1000
BASE_PACKAGES = ("python3", "python3-venv", "git", "procps")
# Trimmed from the debootstrapped tree before import: docs, manuals, locales, apt lists.
TRIM_PATHS = (
    "usr/share/doc",
    "usr/share/man",
    "usr/share/info",
    "usr/share/locale",
    "var/lib/apt/lists",
    "var/cache/apt",
)

BASE_DOCKERFILE = """\
FROM {rootfs}
COPY execd.py /opt/evalrun/execd.py
RUN useradd --create-home --uid {uid} --shell /bin/bash agent \\
 && mkdir -p /repo && chown agent:agent /repo \\
 && git config --system user.name agent && git config --system user.email agent@localhost \\
 && git config --system init.defaultBranch main && git config --system --add safe.directory /repo
ENV LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
"""
STOCK_DOCKERFILE = """\
FROM {stock}
COPY execd.py /opt/evalrun/execd.py
RUN apt-get update && apt-get install -y --no-install-recommends git procps && rm -rf /var/lib/apt/lists/* \\
 && ln -sf "$(command -v python3)" /usr/bin/python3 \\
 && useradd --create-home --uid {uid} --shell /bin/bash agent \\
 && mkdir -p /repo && chown agent:agent /repo \\
 && git config --system user.name agent && git config --system user.email agent@localhost \\
 && git config --system init.defaultBranch main && git config --system --add safe.directory /repo
ENV LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
"""
ENV_DOCKERFILE = PYTHON_ENV_DOCKERFILE  # the Python layer; each language has its own (harness/languages.py)
TASK_DOCKERFILE = """\
FROM {env}
COPY --chown={uid}:{uid} repo/ /repo/
USER agent
WORKDIR /repo
RUN git init -q && git add -A \\
 && GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z \\
    git commit -q -m "Current state of the service"
"""


class ImageBuildError(Exception):
    pass


@dataclass(frozen=True)
class BaseRecipe:
    """What the base image is made of. `stock` (e.g. python:3.11-slim) needs a registry."""

    suite: str
    mirror: str
    stock: str | None = None

    def rootfs_hash(self) -> str:
        """What debootstrap produces (kept apart so that changing the Dockerfile does not re-bootstrap)."""
        return _hash(self.suite, ",".join(BASE_PACKAGES), str(TRIM_PATHS))

    def content_hash(self) -> str:
        execd = EXECD_SOURCE.read_text()
        if self.stock:
            return _hash(self.stock, STOCK_DOCKERFILE, str(AGENT_UID), execd)
        return _hash(self.rootfs_hash(), BASE_DOCKERFILE, str(AGENT_UID), execd)


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:16]


def host_codename() -> str:
    text = Path("/etc/os-release").read_text() if Path("/etc/os-release").exists() else ""
    match = re.search(r"^VERSION_CODENAME=(\w+)", text, re.M)
    if not match:
        raise ImageBuildError(
            "cannot tell this machine's Debian release from /etc/os-release; set EVALRUN_DEBIAN_SUITE "
            "(e.g. bookworm) and EVALRUN_DEBIAN_MIRROR, or use EVALRUN_BASE=stock with a registry"
        )
    return match.group(1)


def configured_mirror(suite: str, apt_dir: Path = Path("/etc/apt")) -> str:
    """The Debian mirror this machine's apt uses for `suite` (deb822 .sources or one-line .list)."""
    candidates: list[Path] = []
    if (apt_dir / "sources.list").exists():
        candidates.append(apt_dir / "sources.list")
    candidates += sorted((apt_dir / "sources.list.d").glob("*.sources"))
    candidates += sorted((apt_dir / "sources.list.d").glob("*.list"))
    for path in candidates:
        text = path.read_text(errors="replace")
        if path.suffix == ".sources":
            for stanza in re.split(r"\n\s*\n", text):
                fields = dict(
                    (k.strip().lower(), v.strip()) for k, v in re.findall(r"^([A-Za-z-]+):\s*(.*)$", stanza, re.M)
                )
                if "deb" in fields.get("types", "").split() and suite in fields.get("suites", "").split():
                    if fields.get("enabled", "yes").lower() != "no":
                        return fields["uris"].split()[0]
        else:
            for line in text.splitlines():
                match = re.match(r"^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", line)
                if match and match.group(2) == suite:
                    return match.group(1)
    raise ImageBuildError(
        f"no apt source for Debian '{suite}' found under {apt_dir}; set EVALRUN_DEBIAN_MIRROR to a Debian "
        "mirror URL, or use EVALRUN_BASE=stock with a registry"
    )


def base_recipe() -> BaseRecipe:
    choice = os.environ.get("EVALRUN_BASE", "debootstrap")
    if choice.startswith("stock"):
        stock = choice.partition(":")[2] or "python:3.11-slim"
        return BaseRecipe(suite="", mirror="", stock=stock)
    if choice != "debootstrap":
        raise ImageBuildError(f"EVALRUN_BASE={choice!r} is not understood; use 'debootstrap' or 'stock[:IMAGE]'")
    suite = os.environ.get("EVALRUN_DEBIAN_SUITE") or host_codename()
    mirror = os.environ.get("EVALRUN_DEBIAN_MIRROR") or configured_mirror(suite)
    return BaseRecipe(suite=suite, mirror=mirror)


class ImageBuilder:
    """Builds and caches the three image layers. `log` receives one line per step."""

    def __init__(self, client: docker.DockerClient | None = None, log: Callable[[str], None] = print):
        self._client = client
        self.log = log
        self.recipe = base_recipe()

    @property
    def client(self) -> docker.DockerClient:
        """The engine, reached on first use (the tags alone need none: a Ray driver without Docker)."""
        if self._client is None:
            self._client = docker.from_env()
        return self._client

    # -- a registry (EVALRUN_REGISTRY): built once, pushed, pulled by the other machines ----------
    def push(self, tag: str, registry: str) -> str:
        """Push local image `tag` as <registry>/<tag>; returns that name. ImageBuildError on failure."""
        remote = f"{registry.rstrip('/')}/{tag}"
        repository, _, version = remote.rpartition(":")
        try:
            self.client.images.get(tag).tag(repository, version)
            for chunk in self.client.images.push(repository, version, stream=True, decode=True):
                if "error" in chunk:
                    raise ImageBuildError(f"pushing {remote} failed: {chunk['error']}")
        except (docker.errors.DockerException, OSError) as exc:
            raise ImageBuildError(f"pushing {remote} failed: {exc}") from exc
        return remote

    def pull(self, tag: str, registry: str) -> bool:
        """Pull <registry>/<tag> and tag it `tag`; False when the registry does not have it."""
        remote = f"{registry.rstrip('/')}/{tag}"
        repository, _, version = remote.rpartition(":")
        try:
            image = self.client.images.pull(repository, tag=version)
        except (docker.errors.DockerException, OSError) as exc:
            self.log(f"pulling {remote} failed ({exc}); building it here")
            return False
        local_repository, _, local_version = tag.rpartition(":")
        image.tag(local_repository, local_version)
        return True

    # -- tags -------------------------------------------------------------------------------
    def base_tag(self) -> str:
        return f"evalrun/base:{self.recipe.content_hash()}"

    def env_tag(self, task: Task) -> str:
        manifest = task.requirements_file.read_text()
        layer = task.lang.env_layer(manifest)
        if layer.wheels:  # the Python layer's hash, unchanged
            return f"evalrun/env-{task.service_name}:{_hash(self.base_tag(), manifest, ENV_DOCKERFILE)}"
        return f"evalrun/env-{task.service_name}:{_hash(self.base_tag(), task.language, manifest, layer.dockerfile)}"

    def task_tag(self, task: Task) -> str:
        return f"evalrun/task-{task.id}:{_hash(self.env_tag(task), task.content_hash(), TASK_DOCKERFILE)}"

    def exists(self, tag: str) -> bool:
        try:
            self.client.images.get(tag)
            return True
        except docker.errors.ImageNotFound:
            return False

    # -- builds -----------------------------------------------------------------------------
    def ensure_task(self, task: Task) -> str:
        tag = self.task_tag(task)
        if self.exists(tag):
            return tag
        env = self.ensure_env(task)
        with tempfile.TemporaryDirectory(prefix="evalrun-task-") as tmp:
            task.materialize(Path(tmp) / "repo")
            (Path(tmp) / "Dockerfile").write_text(TASK_DOCKERFILE.format(env=env, uid=AGENT_UID))
            self.log(f"building {tag}")
            self._build(Path(tmp), tag, {"evalrun.task": task.id})
        return tag

    def ensure_env(self, task: Task) -> str:
        tag = self.env_tag(task)
        if self.exists(tag):
            return tag
        base = self.ensure_base()
        layer = task.lang.env_layer(task.requirements_file.read_text())
        if not layer.wheels:
            with tempfile.TemporaryDirectory(prefix="evalrun-env-") as tmp:
                shutil.copy(task.requirements_file, Path(tmp) / layer.manifest)
                (Path(tmp) / "Dockerfile").write_text(layer.dockerfile.format(base=base))
                self.log(f"building {tag} ({task.language}: apt from the machine's Debian mirror, host side)")
                self._build(Path(tmp), tag, {"evalrun.service": task.service_name}, network=layer.network)
            return tag
        requirements = task.requirements_file.read_text()
        wheels = self.wheelhouse(requirements)
        with tempfile.TemporaryDirectory(prefix="evalrun-env-") as tmp:
            shutil.copytree(wheels, Path(tmp) / "wheels")
            (Path(tmp) / "requirements.txt").write_text(requirements)
            (Path(tmp) / "Dockerfile").write_text(ENV_DOCKERFILE.format(base=base))
            self.log(f"building {tag} ({len(list(wheels.iterdir()))} wheels, offline)")
            self._build(Path(tmp), tag, {"evalrun.service": task.service_name})
        return tag

    def ensure_base(self) -> str:
        tag = self.base_tag()
        if self.exists(tag):
            return tag
        with tempfile.TemporaryDirectory(prefix="evalrun-base-") as tmp:
            if self.recipe.stock:
                dockerfile = STOCK_DOCKERFILE.format(stock=self.recipe.stock, uid=AGENT_UID)
                network = None
            else:
                rootfs = self.import_rootfs()
                dockerfile = BASE_DOCKERFILE.format(rootfs=rootfs, uid=AGENT_UID)
                network = "none"
            (Path(tmp) / "Dockerfile").write_text(dockerfile)
            shutil.copy(EXECD_SOURCE, Path(tmp) / "execd.py")
            self.log(f"building {tag}")
            self._build(Path(tmp), tag, {"evalrun.base": "1"}, network=network)
        return tag

    def import_rootfs(self) -> str:
        """debootstrap a minimal Debian from the configured mirror and `docker import` it."""
        tag = f"evalrun/rootfs:{self.recipe.rootfs_hash()}"
        if self.exists(tag):
            return tag
        if shutil.which("debootstrap") is None:
            raise ImageBuildError(
                "debootstrap is not installed: run `apt-get install debootstrap` (as root), "
                "or use EVALRUN_BASE=stock with a registry"
            )
        if os.geteuid() != 0:
            raise ImageBuildError(
                "building the base image with debootstrap needs root; run `evalrun images build` as root"
            )
        with tempfile.TemporaryDirectory(prefix="evalrun-rootfs-") as tmp:
            rootfs = Path(tmp) / "rootfs"
            self.log(f"debootstrap {self.recipe.suite} from {self.recipe.mirror} (a few minutes, once)")
            command = [
                "debootstrap",
                "--variant=minbase",
                f"--include={','.join(BASE_PACKAGES)}",
                self.recipe.suite,
                str(rootfs),
                self.recipe.mirror,
            ]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                log_tail = rootfs / "debootstrap" / "debootstrap.log"
                detail = log_tail.read_text()[-2000:] if log_tail.exists() else result.stderr[-2000:]
                raise ImageBuildError(f"debootstrap failed (exit {result.returncode}):\n{detail}")
            for rel in TRIM_PATHS:
                shutil.rmtree(rootfs / rel, ignore_errors=True)
            tar_path = Path(tmp) / "rootfs.tar"
            subprocess.run(["tar", "-C", str(rootfs), "--numeric-owner", "-cf", str(tar_path), "."], check=True)
            self.log(f"docker import {tag}")
            with open(tar_path, "rb") as handle:
                self.client.api.import_image_from_data(
                    handle,
                    repository=tag.split(":")[0],
                    tag=tag.split(":")[1],
                    changes=[f"LABEL {LABEL}=1", 'CMD ["/bin/bash"]'],
                )
        return tag

    def wheelhouse(self, requirements: str) -> Path:
        """Download the service's wheels on the host once; images install from them offline."""
        folder = paths.cache_dir() / "wheels" / _hash(requirements, sys.version.split()[0])
        if (folder / ".complete").exists():
            return folder
        folder.mkdir(parents=True, exist_ok=True)
        req = folder / "requirements.txt"
        req.write_text(requirements)
        self.log(f"downloading wheels into {folder}")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--only-binary=:all:",
                "-d",
                str(folder),
                "-r",
                str(req),
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise ImageBuildError(f"pip download failed for the service requirements:\n{result.stderr[-2000:]}")
        req.unlink()
        (folder / ".complete").write_text("ok")
        return folder

    def _build(self, context: Path, tag: str, labels: dict[str, str], network: str | None = "none") -> None:
        try:
            self.client.images.build(
                path=str(context),
                tag=tag,
                rm=True,
                forcerm=True,
                network_mode=network,
                labels={LABEL: "1", **labels},
            )
        except docker.errors.BuildError as exc:
            lines = "".join(str(chunk.get("stream", chunk.get("error", ""))) for chunk in exc.build_log)
            raise ImageBuildError(f"building {tag} failed: {exc.msg}\n{lines[-3000:]}") from exc


def archive_of(files: dict[str, bytes], uid: int = AGENT_UID, prefix: str = "") -> bytes:
    """A tar archive (for put_archive) of repo-relative path -> content, owned by uid."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        directories = set()
        for rel in sorted(files):
            parts = (prefix + rel).split("/")
            for i in range(1, len(parts)):
                directory = "/".join(parts[:i])
                if directory and directory not in directories:
                    directories.add(directory)
                    info = tarfile.TarInfo(directory)
                    info.type, info.mode, info.uid, info.gid = tarfile.DIRTYPE, 0o755, uid, uid
                    tar.addfile(info)
            info = tarfile.TarInfo(prefix + rel)
            info.size, info.mode, info.uid, info.gid = len(files[rel]), 0o644, uid, uid
            tar.addfile(info, io.BytesIO(files[rel]))
    return buffer.getvalue()
