"""Build (or rebuild) the real-commit corpus in tests/fixtures/corpus_real from git mirrors.

    python scripts/build_corpus.py --mirrors /work/.mirror [--per-project 60] [--out DIR]
    python scripts/build_corpus.py --mirrors DIR --from-recipe   # the same commits as recipe.toml
    python scripts/build_corpus.py --stubs   # labels.toml entries to fill in for unlabelled firings

A mirror folder holds one git directory per project at <mirrors>/<owner>+<name>/repo (what the
`fetch` tool writes); `git clone --bare https://github.com/<owner>/<name> <mirrors>/<owner>+<name>/repo`
makes one anywhere.

Selection (per project, newest first from the mirror's HEAD, first-parent order not required):
non-merge commits whose message matches FIX_WORDS and none of the EXCLUDE words, touching at least
one .py file, at most MAX_LINES added + removed lines and MAX_FILES files, no binary, symlink or
submodule change. The patch is `git diff --binary --no-color --no-renames parent commit`, the form
evalrun's own diff_trees (harness/patches.py) gives for an agent's tree: renames are delete + add.

Fidelity. evalrun scores an agent's patch against the whole task repo; the corpus keeps only the
parent's version of the touched files. Some detectors read the rest of the tree (literals anywhere
in the source and tests, callers of a function, known environment keys, which folders hold Python),
so every commit is scored twice here: against the full parent tree (the reference) and against the
cached files. When they differ, context files from the parent tree are added (the smallest files
holding the differing firing's names or literals; a sibling for every new file so its kind is
judged the same) until the firings agree; a commit where they still differ is left out and listed
under [[excluded]] in recipe.toml with the reason.
"""

from __future__ import annotations

import argparse
import base64
import json
import lzma
import re
import subprocess
import sys
import tempfile
import tomllib
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from harness.scoring import corpus
from harness.scoring.patch_view import is_test_path
from harness.tasks import DEFAULT_PROTECTED

PROJECTS = {
    "flask": "pallets/flask",
    "httpx": "encode/httpx",
    "starlette": "encode/starlette",
    "rq": "rq/rq",
    "alembic": "sqlalchemy/alembic",
    "kombu": "celery/kombu",
}
FIX_WORDS = re.compile(r"\b(fix(es|ed|ing)?|bug(s|fix|fixes)?|regression)\b", re.I)
EXCLUDE = re.compile(
    r"\b(typos?|spelling|grammar|docs?|documentation|readme|changelog|pre-commit|release|bump|ci|lint|flake8)\b",
    re.I,
)
MAX_LINES = 400
MAX_FILES = 20
MAX_CONTEXT_ROUNDS = 3
CONTEXT_PER_TOKEN = 2


def git(git_dir: Path, *args: str) -> bytes:
    result = subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {result.stderr.decode(errors='replace')}")
    return result.stdout


def candidates(git_dir: Path) -> list[tuple[str, str, str]]:
    """(commit, parent, subject) of every non-merge commit whose message names a fix, newest first."""
    out = git(git_dir, "log", "--no-merges", "--format=%H%x00%P%x00%s%x00%b%x1e", "HEAD").decode(errors="replace")
    found = []
    for record in out.split("\x1e"):
        parts = record.strip("\n").split("\x00")
        if len(parts) < 4 or not parts[1] or " " in parts[1]:
            continue
        commit, parent, subject, body = parts[0], parts[1], parts[2], parts[3]
        message = f"{subject}\n{body}"
        if FIX_WORDS.search(message) and not EXCLUDE.search(subject) and "[bot]" not in message:
            found.append((commit, parent, subject))
    return found


def qualifies(git_dir: Path, parent: str, commit: str) -> list[str] | None:
    """The touched paths when the commit fits the size and content rules, else None."""
    numstat = git(git_dir, "diff", "--numstat", "--no-renames", "-z", parent, commit).split(b"\0")
    paths, lines = [], 0
    for record in filter(None, numstat):
        added, removed, path = record.decode(errors="surrogateescape").split("\t", 2)
        if added == "-" or removed == "-":
            return None  # binary
        lines += int(added) + int(removed)
        paths.append(path)
    if not paths or len(paths) > MAX_FILES or lines > MAX_LINES or not any(p.endswith(".py") for p in paths):
        return None
    raw = git(git_dir, "diff", "--raw", "--no-renames", parent, commit).decode(errors="surrogateescape")
    for line in raw.splitlines():
        old_mode, new_mode = line[1:].split(" ", 2)[:2]
        if {old_mode, new_mode} & {"120000", "160000"}:
            return None
    return paths


def tree_files(git_dir: Path, rev: str) -> dict[str, tuple[str, int]]:
    """path -> (blob id, size) of every regular file at `rev`."""
    out = git(git_dir, "ls-tree", "-r", "-l", "-z", rev).split(b"\0")
    files = {}
    for record in filter(None, out):
        meta, path = record.decode(errors="surrogateescape").split("\t", 1)
        mode, kind, blob, size = meta.split()
        if kind == "blob" and mode in ("100644", "100755"):
            files[path] = (blob, int(size))
    return files


def blob(git_dir: Path, blob_id: str) -> bytes:
    return git(git_dir, "cat-file", "blob", blob_id)


def full_tree_firings(git_dir: Path, commit: str, parent: str, patch: str, tmp: Path) -> list[corpus.Firing]:
    task_id = f"full-{commit[:12]}"
    repo = corpus.write_task(tmp / task_id, task_id, None)
    index = tmp / f"index-{commit[:12]}"
    subprocess.run(
        ["git", f"--git-dir={git_dir}", f"--work-tree={repo}", "read-tree", parent],
        env={"GIT_INDEX_FILE": str(index), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["git", f"--git-dir={git_dir}", f"--work-tree={repo}", "checkout-index", "-a", "-f"],
        env={"GIT_INDEX_FILE": str(index), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    corpus.finish_repo(repo)
    return corpus.score_task_dir(tmp / task_id, commit, patch)


def firing_set(firings: list[corpus.Firing]) -> set[tuple]:
    return {(f.key, f.count) for f in firings}


def tokens_of(firing: corpus.Firing) -> set[str]:
    """Names and literals a differing firing depends on (what context files must mention)."""
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]{2,}", firing.rule))
    words |= {m for pair in re.findall(r"'([^']{1,80})'|\"([^\"]{1,80})\"", firing.rule) for m in pair if m}
    words |= set(re.findall(r"-?\d+(?:\.\d+)?", firing.rule))
    words -= {"knob", "param", "flag", "env", "alias", "text"}
    return {w for w in words if w}


def sibling_context(new_paths: list[str], tree: dict[str, tuple[str, int]]) -> set[str]:
    """For every new file, the smallest parent-tree file that makes its kind the same as in the full tree."""
    chosen = set()
    for path in new_paths:
        pure = PurePosixPath(path)
        folders = [str(a) for a in pure.parents if str(a) != "."]
        pools = [
            [
                p
                for p in tree
                if str(PurePosixPath(p).parent) == str(pure.parent) and PurePosixPath(p).suffix == pure.suffix
            ]
        ]
        if pure.suffix == ".py":
            pools += [
                [p for p in tree if str(PurePosixPath(p).parent) == folder and p.endswith(".py")] for folder in folders
            ]
        if is_test_path(path) and pure.suffix != ".py":
            pools.append([p for p in tree if is_test_path(p) and PurePosixPath(p).suffix == pure.suffix])
        for pool in pools:
            if pool:
                chosen.add(min(pool, key=lambda p: (tree[p][1], p)))
                break
    return chosen


def scored_path(path: str) -> bool:
    """Python files and runner config: the only files the banned and integrity detectors read."""
    return path.endswith(".py") or any(fnmatch(path, pattern) for pattern in DEFAULT_PROTECTED)


def keep_sections(patch: str, paths: list[str]) -> tuple[str, list[str]]:
    """The patch restricted to scored paths (doc, data and template sections dropped)."""
    sections = re.split(r"(?m)^(?=diff --git )", patch)
    kept, kept_paths = [], []
    for section in filter(None, sections):
        header = section.split("\n", 1)[0]
        path = next((p for p in paths if header == f"diff --git a/{p} b/{p}"), None)
        if path is None:
            raise ValueError(f"cannot match patch header {header!r} to a path")
        if scored_path(path):
            kept.append(section)
            kept_paths.append(path)
    return "".join(kept), kept_paths


def build_commit(git_dir: Path, project: str, commit: str, parent: str, subject: str, paths: list[str], tmp: Path):
    full_patch = git(git_dir, "diff", "--binary", "--no-color", "--no-renames", parent, commit).decode(
        "utf-8", errors="surrogateescape"
    )
    patch, paths = keep_sections(full_patch, paths)
    tree = tree_files(git_dir, parent)
    touched = {p for p in paths if p in tree}
    context = sibling_context([p for p in paths if p not in tree], tree)
    reference = firing_set(full_tree_firings(git_dir, commit, parent, full_patch, tmp))
    cache: dict[str, bytes] = {}

    def files_for(names: set[str]) -> dict[str, bytes]:
        for name in names - set(cache):
            cache[name] = blob(git_dir, tree[name][0])
        return {name: cache[name] for name in sorted(names)}

    for _ in range(MAX_CONTEXT_ROUNDS + 1):
        item = corpus.CorpusCommit(project, commit, parent, subject, patch, files_for(touched | context))
        firings = corpus.score_commit(item, tmp)
        got = firing_set(firings)
        if got == reference:
            return item, sorted(context), firings, None
        differing = [f for f in firings if (f.key, f.count) not in reference]
        wanted: set[str] = set()
        for firing in differing:
            wanted |= tokens_of(firing)
        # firings the full tree has and the cached files do not: their names are in the key text
        for key, _count in reference - got:
            if key[0] == "banned":
                wanted |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]{2,}", key[4]))
        added = set()
        for token in sorted(wanted):
            needle = token.encode()
            holders = [p for p in tree if p.endswith(".py") and p not in touched | context]
            holders = sorted(holders, key=lambda p: (tree[p][1], p))
            hits = [p for p in holders if tree[p][1] < 200_000 and needle in files_for({p})[p]][:CONTEXT_PER_TOKEN]
            added |= set(hits)
        if not added:
            break
        context |= added
    extra, missing = sorted(got - reference), sorted(reference - got)
    reason = f"cached-files firings differ from the full tree: extra {extra}, missing {missing}"
    return None, sorted(context), firings, reason


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirrors", type=Path, help="folder of git mirrors (required to build)")
    parser.add_argument(
        "--stubs", action="store_true", help="print labels.toml stubs for the unlabelled firings of the cached corpus"
    )
    parser.add_argument("--out", type=Path, default=corpus.DEFAULT_CORPUS)
    parser.add_argument("--per-project", type=int, default=60)
    parser.add_argument("--projects", default=",".join(PROJECTS))
    parser.add_argument("--from-recipe", action="store_true", help="rebuild exactly the commits recipe.toml lists")
    parser.add_argument("--dump", type=Path, help="write every firing with its code context here (JSON lines)")
    args = parser.parse_args()
    if args.stubs:
        report = corpus.run_corpus(args.out)
        print("\n".join(corpus.label_stub(f) for f in report.unlabelled))
        return 0
    if args.mirrors is None:
        parser.error("--mirrors is required to build the corpus")
    args.out.mkdir(parents=True, exist_ok=True)
    wanted_commits: dict[str, list[str]] | None = None
    if args.from_recipe:
        recipe = tomllib.loads((args.out / "recipe.toml").read_text())
        wanted_commits = {}
        for entry in recipe["commit"]:
            wanted_commits.setdefault(entry["project"], []).append(entry["commit"])
    recipe_projects, recipe_commits, excluded, dump = [], [], [], []
    for name in args.projects.split(","):
        git_dir = args.mirrors / PROJECTS[name].replace("/", "+") / "repo"
        head = git(git_dir, "rev-parse", "HEAD").decode().strip()
        recipe_projects.append({"name": name, "url": f"https://github.com/{PROJECTS[name]}", "head": head})
        records = []
        selected = 0
        pool = candidates(git_dir)
        if wanted_commits is not None:
            keep = set(wanted_commits.get(name, []))
            pool = [c for c in pool if c[0] in keep]
        with tempfile.TemporaryDirectory(prefix="evalrun-build-corpus-") as tmp_name:
            for commit, parent, subject in pool:
                if wanted_commits is None and selected >= args.per_project:
                    break
                paths = qualifies(git_dir, parent, commit)
                if paths is None:
                    continue
                tmp = Path(tempfile.mkdtemp(dir=tmp_name))
                try:
                    item, context, firings, reason = build_commit(git_dir, name, commit, parent, subject, paths, tmp)
                except Exception as exc:  # a commit evalrun cannot score is reported and left out, never hidden
                    item, context, firings, reason = None, [], [], f"{type(exc).__name__}: {exc}"
                if item is None:
                    excluded.append({"project": name, "commit": commit, "reason": reason[:500]})
                    print(f"  excluded {name} {commit[:12]}: {reason[:200]}", file=sys.stderr)
                    continue
                selected += 1
                records.append(
                    {
                        "commit": commit,
                        "parent": parent,
                        "patch": item.patch,
                        "files": {p: base64.b64encode(c).decode() for p, c in item.files.items()},
                    }
                )
                recipe_commits.append(
                    {
                        "project": name,
                        "commit": commit,
                        "parent": parent,
                        "subject": subject,
                        "patch_sha256": corpus.patch_digest(item.patch),
                        "context": context,
                    }
                )
                for firing in firings:
                    dump.append({**firing.__dict__, "project": name, "subject": subject})
                print(f"{name} {selected:3d} {commit[:12]} firings={len(firings)} context={len(context)}", flush=True)
        text = "\n".join(json.dumps(r, sort_keys=True) for r in records) + "\n"
        (args.out / f"{name}.jsonl.xz").write_bytes(
            lzma.compress(text.encode("utf-8", "surrogateescape"), preset=9 | lzma.PRESET_EXTREME)
        )
    write_recipe(args.out / "recipe.toml", recipe_projects, recipe_commits, excluded)
    if args.dump:
        args.dump.write_text("\n".join(json.dumps(d) for d in dump) + "\n")
    return 0


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_recipe(path: Path, projects: list[dict], commits: list[dict], excluded: list[dict]) -> None:
    out = [
        "# The real-commit corpus: see harness/scoring/corpus.py and scripts/build_corpus.py (rebuild:",
        "# python scripts/build_corpus.py --mirrors <dir> --from-recipe).",
        f"# selection: message matches {FIX_WORDS.pattern!r}, subject not {EXCLUDE.pattern!r}, non-merge,",
        f"# touches a .py file, <= {MAX_LINES} changed lines, <= {MAX_FILES} files,",
        "# no binary/symlink/submodule change;",
        "# newest first from each project's head. patch = git diff --binary --no-color --no-renames parent commit,",
        "# cached with its .py and runner-config sections only; every commit's firings on the cached files equal",
        "# those of the full patch on the full parent tree (else it is listed under [[excluded]]).",
        "",
    ]
    for project in projects:
        out += ["[[project]]", *(f"{k} = {_toml_str(v)}" for k, v in project.items()), ""]
    for commit in commits:
        out.append("[[commit]]")
        for key, value in commit.items():
            rendered = (
                "[" + ", ".join(_toml_str(v) for v in value) + "]" if isinstance(value, list) else _toml_str(value)
            )
            out.append(f"{key} = {rendered}")
        out.append("")
    for item in excluded:
        out += ["[[excluded]]", *(f"{k} = {_toml_str(v)}" for k, v in item.items()), ""]
    path.write_text("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
