"""Score real TypeScript commits that touch test files with the TypeScript test-integrity family
(harness/scoring/test_integrity_ts.py), as evalrun scores any patch: each commit's diff (rename
detection on, lockfiles and binaries left out) against its parent's versions of the files it touches,
on the TypeScript fixture task (so the language's rules apply). Prints every firing with its evidence,
to be judged by hand against docs/metrics.md.

    python scripts/ts_real_commits.py /work/.mirror/sindresorhus+ky/repo --max 60 [--json out.jsonl]

With --banned, also the banned families BANNED (hardcoded special cases and compat shims, which need
the task's facts: literals and call sites of the parent's whole tree are read for them).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from types import SimpleNamespace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.languages import TypeScript  # noqa: E402
from harness.scoring import banned, banned_ts, test_integrity  # noqa: E402
from harness.scoring.python_ast import CallSites  # noqa: E402
from harness.scoring.patch_view import PatchView, is_test_path  # noqa: E402
from harness.tasks import load_task  # noqa: E402

TASK = ROOT / "tests/fixtures/scoring/tasks/inventory-ts-search"
SKIPPED = ("package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", ".snap")
COUNTED = (
    "test_ids_lost",
    "skip_xfail_added",
    "assertions_removed",
    "assertions_loosened",
    "expected_literals_changed",
    "runner_config_touched",
    "hidden_test_path_planted",
    "runner_hooks_added",
)
BANNED = ("hardcoded_special_case", "compat_shim")
TS = TypeScript()
_BLOBS: dict[str, tuple[set, set, bytes, dict]] = {}


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True).stdout


def is_ts_test(path: str) -> bool:
    return path.endswith((".ts", ".tsx")) and (TS.is_test_file(path) or is_test_path(path))


def commits(repo: Path, limit: int) -> list[tuple[str, str, str]]:
    """(commit, parent, subject) of the newest non-merge commits touching a TypeScript test file."""
    out = git(repo, "log", "--no-merges", "--format=%x00%H %P%x01%s", "--name-only", "HEAD").decode()
    found = []
    for block in out.split("\0")[1:]:
        head, _, names = block.partition("\n")
        ids, _, subject = head.partition("\x01")
        parts = ids.split()
        if len(parts) != 2:
            continue
        if any(is_ts_test(n.strip()) for n in names.splitlines() if n.strip()):
            found.append((parts[0], parts[1], subject))
        if len(found) >= limit:
            break
    return found


def parent_facts(repo: Path, parent: str):
    """The task facts the banned detectors read, for the parent commit's whole tree: literals of its
    TypeScript tests and source, its source text and call sites (blobs cached by hash)."""
    test_literals: set[str] = set()
    source_literals: set[str] = set()
    text: list[bytes] = []
    calls: dict[str, CallSites] = {}
    for line in git(repo, "ls-tree", "-r", parent).decode().splitlines():
        meta, _, path = line.partition("\t")
        sha = meta.split()[2]
        if not banned_ts.is_ts_path(path) or "node_modules" in path:
            continue
        if sha not in _BLOBS:
            content = git(repo, "cat-file", "blob", sha)
            nodes = list(banned_ts.walk(banned_ts.parse(path, content).root_node))
            _BLOBS[sha] = (banned_ts.literals_in_nodes(nodes), banned_ts.call_sites(nodes), content)
        literals, sites, content = _BLOBS[sha]
        if is_ts_test(path) or "/test" in path or path.startswith("test"):
            test_literals |= literals
        else:
            source_literals |= literals
            text.append(content)
        for name, site in sites.items():
            into = calls.setdefault(name, CallSites())
            into.positional = max(into.positional, site.positional)
            into.starred = into.starred or site.starred
    return SimpleNamespace(
        test_literals=test_literals, source_literals=source_literals, source_text=b"\n".join(text), calls=calls,
        hidden_paths=set(),
    )


def score(repo: Path, commit: str, parent: str, task, with_banned: bool = False) -> tuple[dict, list] | str:
    names = git(repo, "diff", "-M", "--name-status", parent, commit).decode().splitlines()
    paths, old_paths = [], []
    for line in names:
        fields = line.split("\t")
        for path in fields[1:]:
            if not path.endswith(SKIPPED):
                paths.append(path)
        if fields[0][:1] in ("M", "D", "R", "C"):
            old_paths.append(fields[1])
    if not paths:
        return "no scored file"
    patch = git(repo, "diff", "-M", "--binary", parent, commit, "--", *paths).decode("utf-8", errors="replace")
    original = {}
    for context in ("package.json",):  # the package's entry points (`main`, `bin`) name its CLI files
        try:
            original[context] = git(repo, "show", f"{parent}:{context}")
        except subprocess.CalledProcessError:
            pass
    for path in old_paths:
        if path.endswith(SKIPPED):
            continue
        try:
            original[path] = git(repo, "show", f"{parent}:{path}")
        except subprocess.CalledProcessError:
            continue
    view = PatchView(task, patch, original=original, facts=False)
    if view.apply_error is not None:
        return f"does not apply: {view.apply_error[:120]}"
    scores, evidence = test_integrity.measure(view)
    if with_banned:
        view.facts = parent_facts(repo, parent)
        found = banned.findings(view)
        for family in BANNED:
            scores[family] = len(found[family])
            evidence += [SimpleNamespace(metric=family, path=f.path, line=f.line, detail=f.detail) for f in found[family]]
    return scores, evidence


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--max", type=int, default=60)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--banned", action="store_true", help="also the banned families BANNED")
    args = parser.parse_args()
    task = load_task(TASK)
    rows = []
    for repo in args.repos:
        name = repo.parent.name.replace("+", "/")
        scored = firing = 0
        for commit, parent, subject in commits(repo, args.max):
            result = score(repo, commit, parent, task, args.banned)
            if isinstance(result, str):
                print(f"{name} {commit[:8]} not scored: {result}")
                continue
            scores, evidence = result
            scored += 1
            counted = COUNTED + (BANNED if args.banned else ())
            fired = {m: scores[m] for m in counted if scores.get(m)}
            firing += bool(fired)
            row = {"repo": name, "commit": commit, "subject": subject, "fired": fired, "tampered": scores["tampered"]}
            row["evidence"] = [f"{e.metric}: {e.path}:{e.line} {e.detail}" for e in evidence if e.metric in counted]
            rows.append(row)
            if fired or scores["tampered"] is None:
                print(f"{name} {commit[:8]} {subject[:70]!r}: {fired} tampered={scores['tampered']}")
                for line in row["evidence"]:
                    print(f"    {line}")
        print(f"== {name}: {scored} commits scored, {firing} with a firing")
    if args.json:
        args.json.write_text("".join(json.dumps(r) + "\n" for r in rows))


if __name__ == "__main__":
    main()
