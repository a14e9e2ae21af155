"""Patches computed on the host, from outside the agent's reach.

The agent's patch is the difference between the pristine repository (materialized on the host
from the task folder) and the tree exported from the container by the engine. The agent's git
history, index, stash and .gitignore play no part: rewriting history or committing changes
nothing, and ignored files are still seen.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Never repository content: not copied, exported, diffed or hashed.
IGNORED_NAMES = {"__pycache__", ".pytest_cache", ".git", ".ruff_cache", ".mypy_cache"}


class PatchError(Exception):
    """A patch does not apply (the message names what was applied and git's reason)."""


@dataclass
class ExtractedTree:
    root: Path
    skipped: list[str] = field(default_factory=list)  # entries not written, with the reason
    outside_symlinks: list[str] = field(default_factory=list)


def extract_tree(archive: bytes, dest: Path, strip: str = "repo") -> ExtractedTree:
    """Unpack an engine archive of /repo into dest, never writing outside it."""
    result = ExtractedTree(dest)
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar:
            parts = member.name.split("/")
            if parts and parts[0] == strip:
                parts = parts[1:]
            if not parts or parts == [""]:
                continue
            rel = "/".join(parts)
            if IGNORED_NAMES & set(parts) or ".." in parts:
                continue
            target = dest / rel
            if _crosses_symlink(dest, target):
                result.skipped.append(f"{rel}: inside a symlinked folder")
                continue
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.issym():
                target.parent.mkdir(parents=True, exist_ok=True)
                resolved = os.path.normpath(os.path.join(os.path.dirname(rel), member.linkname))
                if os.path.isabs(member.linkname) or resolved == ".." or resolved.startswith("../"):
                    result.outside_symlinks.append(f"{rel} -> {member.linkname}")
                os.symlink(member.linkname, target)
            elif member.isfile():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
                os.chmod(target, 0o755 if member.mode & 0o111 else 0o644)
            else:
                result.skipped.append(f"{rel}: special file (type {member.type!r})")
    return result


def _crosses_symlink(root: Path, target: Path) -> bool:
    current = root
    for part in target.relative_to(root).parts[:-1]:
        current = current / part
        if current.is_symlink():
            return True
    return False


# How a patch is applied to a folder on the host, strictest first: each command runs only when the
# one before it refused the patch (data, as SWE-bench lists its apply commands). Bug patches and gold
# patches must apply with the first alone (`apply_patch`); an agent's patch may fall back.
APPLY_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("git", "apply", "--binary", "--whitespace=nowarn", "-"),
    # made against a slightly different tree: context moved or changed a little
    ("patch", "-p1", "--batch", "--forward", "--fuzz=3", "--no-backup-if-mismatch", "-r", "-"),
)


def apply_patch(
    repo: Path, patch_text: str, what: str, commands: tuple[tuple[str, ...], ...] = APPLY_COMMANDS[:1]
) -> None:
    """Apply a git-format patch to a plain folder (not necessarily a git repo).

    Tries `commands` in order and stops at the first that applies the patch. Raises PatchError with
    the first command's reason when none does.
    """
    if not patch_text.strip():
        return
    # GIT_CEILING_DIRECTORIES keeps git from applying relative to an enclosing repository.
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(Path(repo).resolve().parent)}
    reasons = []
    for command in commands:
        result = subprocess.run(
            list(command),
            cwd=repo,
            input=patch_text.encode("utf-8", errors="surrogateescape"),
            capture_output=True,
            env=env,
        )
        if result.returncode == 0:
            return
        reasons.append(result.stderr.decode(errors="replace").strip())
    raise PatchError(f"{what} does not apply: {reasons[0]}")


def apply_with_fallback(repo: Path, patch_text: str, what: str = "the patch") -> None:
    """Apply an agent's patch with every command of APPLY_COMMANDS in turn (see `apply_patch`)."""
    apply_patch(repo, patch_text, what, APPLY_COMMANDS)


def read_inside(root: Path, path: Path) -> bytes | None:
    """The content of a regular file under root, following symlinks only while they stay under root.

    An agent's tree can hold symlinks to anywhere (/etc/passwd, /proc/self/environ): read on the
    host, they would copy the host's files, secrets included, into the grading container.
    """
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(Path(root).resolve()):
            return None
        return path.read_bytes() if path.is_file() else None
    except (OSError, RuntimeError):  # a symlink loop, a vanished file
        return None


def _git(git_dir: Path, work_tree: Path, *args: str, input: bytes | None = None) -> bytes:
    result = subprocess.run(
        [
            "git",
            f"--git-dir={git_dir}",
            f"--work-tree={work_tree}",
            "-c",
            "core.symlinks=true",
            "-c",
            "core.fileMode=true",
            "-c",
            "core.autocrlf=false",
            *args,
        ],
        capture_output=True,
        input=input,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "evalrun",
            "GIT_AUTHOR_EMAIL": "evalrun@localhost",
            "GIT_COMMITTER_NAME": "evalrun",
            "GIT_COMMITTER_EMAIL": "evalrun@localhost",
        },
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
    return result.stdout


def diff_trees(original: Path, changed: Path) -> str:
    """A binary-safe git patch turning `original` into `changed` (nested .git folders ignored).

    Renames are detected (git's default: half the lines unchanged), so a moved file reads as a move
    plus its edits, not as a deletion and an addition.
    """
    with tempfile.TemporaryDirectory(prefix="evalrun-diff-") as tmp:
        git_dir = Path(tmp) / "git"
        subprocess.run(["git", "init", "-q", "--bare", str(git_dir)], check=True)
        _git(git_dir, original, "add", "-A", "-f", ".")
        _git(git_dir, original, "commit", "-q", "--allow-empty", "-m", "original")
        _git(git_dir, changed, "add", "-A", "-f", ".")
        return _git(git_dir, changed, "diff", "--cached", "--binary", "--no-color", "--find-renames", "HEAD").decode(
            "utf-8", errors="surrogateescape"
        )


def changed_paths(patch_text: str) -> list[str]:
    """Repo-relative paths a git patch touches (both sides of a rename)."""
    if not patch_text.strip():
        return []
    result = subprocess.run(
        ["git", "apply", "--numstat", "-z", "-"],
        input=patch_text.encode("utf-8", errors="surrogateescape"),
        capture_output=True,
    )
    if result.returncode != 0:
        raise ValueError(f"not a valid patch: {result.stderr.decode(errors='replace').strip()}")
    paths: list[str] = []
    fields = result.stdout.split(b"\0")
    i = 0
    while i < len(fields):
        record = fields[i]
        if not record:
            i += 1
            continue
        added_removed_path = record.split(b"\t", 2)
        if len(added_removed_path) == 3 and added_removed_path[2]:
            paths.append(added_removed_path[2].decode(errors="surrogateescape"))
            i += 1
        else:  # a rename: empty path, then old and new names as their own fields
            paths += [fields[i + 1].decode(errors="surrogateescape"), fields[i + 2].decode(errors="surrogateescape")]
            i += 3
    return sorted(set(paths))


@dataclass
class AgentPatch:
    patch: str
    skipped: list[str] = field(default_factory=list)
    outside_symlinks: list[str] = field(default_factory=list)


def patch_from_archive(original_repo: Path, archive: bytes) -> AgentPatch:
    """The agent's patch: its exported /repo tree against the pristine repository on the host."""
    with tempfile.TemporaryDirectory(prefix="evalrun-extract-") as tmp:
        tree = extract_tree(archive, Path(tmp) / "repo")
        return AgentPatch(diff_trees(original_repo, tree.root), tree.skipped, tree.outside_symlinks)
