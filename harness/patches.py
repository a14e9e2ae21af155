"""Patches: the one module that makes, reads and applies them.

- made on the host, from outside the agent's reach (`patch_from_archive`, `diff_trees`): the agent's
  patch is the difference between the pristine repository (materialized on the host from the task
  folder) and the tree exported from the container by the engine. The agent's git history, index,
  stash and .gitignore play no part: rewriting history or committing changes nothing, and ignored
  files are still seen. The export is unpacked without writing outside its folder, and files are
  read without following a symlink out of the tree (`extract_tree`, `read_inside`).
- read (`parse_patch` into files and hunks, `line_kinds` for display, `added_lines`,
  `changed_paths`): the only place that reads diff text; nothing else looks for `+++ b/`.
- applied to a folder (`apply_patch`, strict; `apply_with_fallback`, through the commands of
  APPLY_COMMANDS in turn) or in memory to a {path: content} tree (`apply_in_memory`, which falls
  back to `apply_with_fallback` on a scratch copy when a hunk does not match exactly).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Never repository content: not copied, exported, diffed or hashed.
IGNORED_NAMES = {"__pycache__", ".pytest_cache", ".git", ".ruff_cache", ".mypy_cache"}


def content_files(root: Path) -> list[Path]:
    """Every file under `root` that is content (nothing under an IGNORED_NAMES folder), sorted. The
    names are read in the path inside root: a checkout under a folder named `.git` is still content."""
    return [p for p in sorted(root.rglob("*")) if p.is_file() and not (IGNORED_NAMES & set(p.relative_to(root).parts))]


class PatchError(Exception):
    """A patch does not apply (the message names what was applied and git's reason)."""


# -- reading ------------------------------------------------------------------------------------
@dataclass
class Hunk:
    old_start: int
    new_start: int
    lines: list[tuple[str, str]] = field(default_factory=list)  # (" " | "-" | "+", text)
    old_no_newline: bool = False
    new_no_newline: bool = False


@dataclass
class FileDiff:
    old_path: str | None  # None: the file is new
    new_path: str | None  # None: the file is deleted
    binary: bool = False
    hunks: list[Hunk] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""


def _unquote(path: str) -> str:
    if path.startswith('"') and path.endswith('"'):
        raw = path[1:-1].encode("latin-1", errors="backslashreplace").decode("unicode_escape")
        return raw.encode("latin-1", errors="surrogateescape").decode("utf-8", errors="surrogateescape")
    return path


def _strip_prefix(path: str) -> str | None:
    path = _unquote(path.split("\t", 1)[0].rstrip())
    if path == "/dev/null":
        return None
    return path[2:] if path[:2] in ("a/", "b/") else path


HUNK_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def parse_patch(patch: str) -> list[FileDiff]:
    """Parse a git-format (or plain unified) diff into per-file hunks."""
    return _read(patch)[0]


# A line's kind in `line_kinds`: a header (file names, modes, renames, "\ No newline"), a hunk
# header (@@), or in a hunk an added, removed or context line.
META, HUNK, ADD, DEL, CTX = "meta", "hunk", "add", "del", "ctx"
_BODY_KINDS = {"+": ADD, "-": DEL, " ": CTX}


def line_kinds(patch: str) -> list[tuple[str, str]]:
    """(kind, line) for every line of a patch, in order (see META ... CTX). Inside a hunk the
    line counts decide, so an added `++ x` or a removed `-- comment` is content, not a header."""
    return _read(patch)[1]


def added_lines(patch: str) -> list[tuple[str, str]]:
    """(path after the patch, text) of every line the patch adds, in order."""
    return [
        (diff.new_path, text)
        for diff in parse_patch(patch)
        if diff.new_path
        for hunk in diff.hunks
        for tag, text in hunk.lines
        if tag == "+"
    ]


def _read(patch: str) -> tuple[list[FileDiff], list[tuple[str, str]]]:
    files: list[FileDiff] = []
    kinds: list[tuple[str, str]] = []
    current: FileDiff | None = None
    old_left = new_left = 0
    lines = patch.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if old_left > 0 or new_left > 0:
            tag, text = (line[:1] or " "), line[1:]
            if line.startswith("\\"):
                kinds.append((META, line))
                i += 1
                continue
            if tag not in " +-":
                old_left = new_left = 0
                continue
            hunk = current.hunks[-1]
            hunk.lines.append((tag, text))
            kinds.append((_BODY_KINDS[tag], line))
            if tag in " -":
                old_left -= 1
            if tag in " +":
                new_left -= 1
            if i + 1 < len(lines) and lines[i + 1].startswith("\\"):
                if tag in " -" and old_left == 0:
                    hunk.old_no_newline = True
                if tag in " +" and new_left == 0:
                    hunk.new_no_newline = True
            i += 1
            continue
        kind = META
        if line.startswith("diff --git "):
            rest = line[len("diff --git ") :]
            old = new = None
            if rest.startswith('"'):
                parts = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', rest)
                if len(parts) == 2:
                    old, new = _strip_prefix(parts[0]), _strip_prefix(parts[1])
            else:
                half = (len(rest) - 1) // 2
                if rest[half] == " ":
                    old, new = _strip_prefix(rest[:half]), _strip_prefix(rest[half + 1 :])
            current = FileDiff(old, new)
            files.append(current)
        elif current is None and line.startswith("--- "):
            current = FileDiff(None, None)
            files.append(current)
            current.old_path = _strip_prefix(line[4:])
        elif current is not None and line.startswith("new file mode"):
            current.old_path = None
        elif current is not None and line.startswith("deleted file mode"):
            current.new_path = None
        elif current is not None and line.startswith("rename from "):
            current.old_path = _unquote(line[len("rename from ") :])
        elif current is not None and line.startswith("rename to "):
            current.new_path = _unquote(line[len("rename to ") :])
        elif current is not None and (line.startswith("Binary files ") or line.startswith("GIT binary patch")):
            current.binary = True
        elif current is not None and line.startswith("--- "):
            current.old_path = _strip_prefix(line[4:])
        elif current is not None and line.startswith("+++ "):
            current.new_path = _strip_prefix(line[4:])
        elif current is not None and (match := HUNK_HEADER.match(line)):
            old_left = int(match.group(2)) if match.group(2) is not None else 1
            new_left = int(match.group(4)) if match.group(4) is not None else 1
            current.hunks.append(Hunk(int(match.group(1)), int(match.group(3))))
            kind = HUNK
        kinds.append((kind, line))
        i += 1
    return [f for f in files if f.old_path or f.new_path], kinds


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


# -- applying -----------------------------------------------------------------------------------
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


class _NoMatch(Exception):
    pass


def _split(content: bytes) -> tuple[list[str], bool]:
    text = content.decode("utf-8", errors="surrogateescape")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"), text.endswith("\n") or text == ""


def _locate(old_lines: list[str], hunk: Hunk, pos: int) -> int | None:
    """Where a hunk's context and removed lines start in old_lines, at or after pos: at the line its
    header names or the nearest offset within 200 lines (as `patch` does); None when not found."""
    expected = [text for tag, text in hunk.lines if tag in " -"]
    start = max(hunk.old_start - 1, 0) if expected else hunk.old_start
    for delta in range(0, 200):
        for candidate in {start + delta, start - delta}:
            if pos <= candidate <= len(old_lines) and old_lines[candidate : candidate + len(expected)] == expected:
                return candidate
    return None


def changed_regions(
    old_lines: list[str], new_lines: list[str], diff: FileDiff
) -> list[tuple[int, int, int, int]] | None:
    """The regions a file diff changed, as 0-based slices (i1, i2, j1, j2) of the old and new lines:
    each run of removed and added lines between context lines, where the diff's own hunks put it.

    A text diff (difflib) of the two versions may align a repeated line (`}`, `)`) differently from
    the patch, equally validly; these are the lines the patch itself names. None when the hunks do
    not describe these two texts (the patch applied with a 3-way merge or fuzz, or the texts are not
    its sides), so the caller can fall back to diffing the texts.
    """
    regions: list[tuple[int, int, int, int]] = []
    pos, shift = 0, 0  # index into old_lines; new index - old index so far
    for hunk in diff.hunks:
        found = _locate(old_lines, hunk, pos)
        if found is None:
            return None
        old_i, new_j = found, found + shift
        if old_lines[pos:found] != new_lines[pos + shift : new_j]:
            return None
        run: tuple[int, int] | None = None
        for tag, text in hunk.lines:
            if tag == " ":
                if run is not None:
                    regions.append((run[0], old_i, run[1], new_j))
                    run = None
                if new_j >= len(new_lines) or new_lines[new_j] != text:
                    return None
                old_i, new_j = old_i + 1, new_j + 1
                continue
            if run is None:
                run = (old_i, new_j)
            if tag == "-":
                old_i += 1
            elif new_j < len(new_lines) and new_lines[new_j] == text:
                new_j += 1
            else:
                return None
        if run is not None:
            regions.append((run[0], old_i, run[1], new_j))
        pos, shift = old_i, new_j - old_i
    if old_lines[pos:] != new_lines[pos + shift :]:
        return None
    return regions


def _apply_file(old: bytes | None, diff: FileDiff) -> bytes:
    """The new content of one file; raises _NoMatch when a hunk's context is not found."""
    old_lines, old_final_newline = _split(old) if old else ([], True)
    if old is not None and old == b"":
        old_lines = []
    out: list[str] = []
    pos = 0  # index into old_lines
    final_newline = old_final_newline
    for hunk in diff.hunks:
        found = _locate(old_lines, hunk, pos)
        if found is None:
            raise _NoMatch(diff.path)
        out.extend(old_lines[pos:found])
        pos = found
        for tag, text in hunk.lines:
            if tag == " ":
                out.append(old_lines[pos])
                pos += 1
            elif tag == "-":
                pos += 1
            else:
                out.append(text)
        if pos == len(old_lines):
            final_newline = not hunk.new_no_newline
    out.extend(old_lines[pos:])
    text = "\n".join(out) + ("\n" if out and final_newline else "")
    return text.encode("utf-8", errors="surrogateescape")


def _apply_with_git(original: dict[str, bytes], diffs: list[FileDiff], patch: str) -> dict[str, bytes | None]:
    touched = {p for d in diffs for p in (d.old_path, d.new_path) if p}
    with tempfile.TemporaryDirectory(prefix="evalrun-score-") as tmp:
        root = Path(tmp)
        for rel in touched:
            if rel in original:
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_bytes(original[rel])
        apply_with_fallback(root, patch)
        result: dict[str, bytes | None] = {}
        for rel in touched:
            path = root / rel
            result[rel] = read_inside(root, path)  # never a host file behind a symlink
    return result


def apply_in_memory(original: dict[str, bytes], patch: str) -> tuple[list[FileDiff], dict[str, bytes | None]]:
    """Parsed diffs and path -> new content (None = deleted) for every path the patch touches."""
    diffs = parse_patch(patch)
    post: dict[str, bytes | None] = {}
    try:
        for diff in diffs:
            if diff.binary:
                raise _NoMatch(diff.path)
            old = original.get(diff.old_path) if diff.old_path else None
            if diff.old_path and old is None:
                raise _NoMatch(diff.path)
            if diff.new_path is None:
                post[diff.old_path] = None
                continue
            content = _apply_file(old, diff)
            if diff.old_path and diff.old_path != diff.new_path:
                post[diff.old_path] = None
            post[diff.new_path] = content
    except _NoMatch:
        post = _apply_with_git(original, diffs, patch)
    return diffs, post


# -- making -------------------------------------------------------------------------------------
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
