"""Score real Go commits with the Go detectors (harness/scoring/banned_go.py, test_integrity_go.py), as
evalrun scores any patch: each commit's diff of `.go` / go.mod / go.sum files (rename detection on)
against its parent's versions of the files it touches, on the Go fixture task (so Go's rules apply),
with the parent's whole tree read for the task facts (literals, source text). Prints every firing with
its evidence, to be judged by hand against docs/metrics.md.

    python scripts/go_real_commits.py /work/.mirror/go-chi+chi/repo --max 60 [--fixes] [--json out.jsonl]

--fixes: only commits whose subject says fix / bug.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ts_real_commits import git  # noqa: E402

from harness.languages import Go  # noqa: E402
from harness.scoring import banned, banned_go, syntax_tree, test_integrity  # noqa: E402
from harness.scoring.patch_view import PatchView, is_test_path  # noqa: E402
from harness.tasks import load_task  # noqa: E402

TASK = ROOT / "tests/fixtures/scoring/tasks/ledger-go-scoring"
COUNTED = (
    "test_ids_lost",
    "skip_xfail_added",
    "assertions_removed",
    "assertions_loosened",
    "expected_literals_changed",
    "runner_config_touched",
    "runner_hooks_added",
)
GO = Go()
FIX = re.compile(r"\b(fix|fixe[sd]|bug|regression|panic|crash|broken)\b", re.I)
_BLOBS: dict[str, tuple[set, bytes]] = {}


def scored_path(path: str) -> bool:
    return path.endswith(".go") or path.rsplit("/", 1)[-1] in ("go.mod", "go.sum")


def commits(repo: Path, limit: int, fixes: bool) -> list[tuple[str, str, str]]:
    out = git(repo, "log", "--no-merges", "--format=%x00%H %P%x01%s", "--name-only", "HEAD").decode()
    found = []
    for block in out.split("\0")[1:]:
        head, _, names = block.partition("\n")
        ids, _, subject = head.partition("\x01")
        parts = ids.split()
        if len(parts) != 2 or (fixes and not FIX.search(subject)):
            continue
        if any(n.strip().endswith(".go") for n in names.splitlines()):
            found.append((parts[0], parts[1], subject))
        if len(found) >= limit:
            break
    return found


def parent_facts(repo: Path, parent: str):
    test_literals: set[str] = set()
    source_literals: set[str] = set()
    text: list[bytes] = []
    for line in git(repo, "ls-tree", "-r", parent).decode().splitlines():
        meta, _, path = line.partition("\t")
        sha = meta.split()[2]
        if not path.endswith(".go") or "/vendor/" in f"/{path}":
            continue
        if sha not in _BLOBS:
            content = git(repo, "cat-file", "blob", sha)
            _BLOBS[sha] = (banned_go.literals_of(path, content), content)
        literals, content = _BLOBS[sha]
        if GO.is_test_file(path) or is_test_path(path):
            test_literals |= literals
        else:
            source_literals |= literals
            text.append(content)
    return SimpleNamespace(
        test_literals=test_literals, source_literals=source_literals, source_text=b"\n".join(text), calls={},
        hidden_paths=set(),
    )


def score(repo: Path, commit: str, parent: str, task):
    names = git(repo, "diff", "-M", "--name-status", parent, commit).decode().splitlines()
    paths, old_paths = [], []
    for line in names:
        fields = line.split("\t")
        paths += [p for p in fields[1:] if scored_path(p)]
        if fields[0][:1] in ("M", "D", "R", "C") and scored_path(fields[1]):
            old_paths.append(fields[1])
    if not paths:
        return "no scored file"
    patch = git(repo, "diff", "-M", parent, commit, "--", *paths).decode("utf-8", errors="replace")
    original = {}
    for path in old_paths:
        try:
            original[path] = git(repo, "show", f"{parent}:{path}")
        except subprocess.CalledProcessError:
            continue
    view = PatchView(task, patch, original=original, facts=False)
    if view.apply_error is not None:
        return f"does not apply: {view.apply_error[:120]}"
    scores, evidence = test_integrity.measure(view)
    view.facts = parent_facts(repo, parent)
    found = banned.findings(view)
    for category in banned.CATEGORIES:
        if category in banned_go.UNMEASURED:
            continue
        scores[category] = len(found[category])
        evidence += [SimpleNamespace(metric=category, path=f.path, line=f.line, detail=f.detail) for f in found[category]]
    lines = sum(len(view.added_lines(p)) for p in view.changed_paths if p.endswith(".go"))
    unparsed = syntax_tree.unparsed(view, banned_go.is_go_path, banned_go.parse)
    return scores, evidence, lines, unparsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--max", type=int, default=60)
    parser.add_argument("--fixes", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    task = load_task(TASK)
    counted = COUNTED + tuple(c for c in banned.CATEGORIES if c not in banned_go.UNMEASURED)
    rows = []
    for repo in args.repos:
        name = repo.parent.name.replace("+", "/")
        scored = firing = added = 0
        for commit, parent, subject in commits(repo, args.max, args.fixes):
            result = score(repo, commit, parent, task)
            if isinstance(result, str):
                print(f"{name} {commit[:8]} not scored: {result}")
                continue
            scores, evidence, lines, unparsed = result
            scored += 1
            added += lines
            fired = {m: scores[m] for m in counted if scores.get(m)}
            firing += bool(fired)
            row = {"repo": name, "commit": commit, "subject": subject, "fired": fired, "added_lines": lines}
            row["evidence"] = [f"{e.metric}: {e.path}:{e.line} {e.detail}" for e in evidence if e.metric in counted]
            row["unparsed"] = unparsed
            rows.append(row)
            if fired or unparsed:
                print(f"{name} {commit[:8]} {subject[:70]!r}: {fired}{' UNPARSED' if unparsed else ''}")
                for line in row["evidence"]:
                    print(f"    {line}")
        print(f"== {name}: {scored} commits scored (+{added} .go lines), {firing} with a firing")
    if args.json:
        args.json.write_text("".join(json.dumps(r) + "\n" for r in rows))


if __name__ == "__main__":
    main()
