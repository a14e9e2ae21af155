"""Real-code Go test-integrity (and banned) fixtures for score-selftest: hunks of real commits of
go-chi/chi and gorilla/mux (their `_test.go` and go.mod files only), each applied to its own parent's
files under a folder named by the commit, in one no-op fixture task
(tests/fixtures/scoring/tasks/go-real-commits on _services/go-real). The Go twin of
scripts/ts_real_fixtures.py.

    python scripts/go_real_fixtures.py          # needs the mirrors (the `fetch` tool) under /work/.mirror
    python scripts/go_real_fixtures.py --scan   # the candidates: every commit's test-integrity counters

Writes the service's files, patches/go-real-<commit>.patch and prints the [[patch]] entries; the
flags are set by hand from each diff, by the letter of harness/scoring/test_integrity_go.py and
harness/scoring/banned_go.py (see docs/metrics.md). --scan prints, for every non-merge commit of both
mirrors that adds or modifies (no rename, no delete) a `_test.go` / go.mod file, its +/- lines and the
Go test-integrity counters that fire on those files alone, scored as the fixtures are.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MIRRORS = Path("/work/.mirror")
FIXTURES = ROOT / "tests/fixtures/scoring"
SERVICE = FIXTURES / "tasks/_services/go-real"
CHI, MUX = "go-chi+chi", "gorilla+mux"
COUNTERS = (
    "test_ids_lost",
    "skip_xfail_added",
    "assertions_removed",
    "assertions_loosened",
    "expected_literals_changed",
    "runner_config_touched",
)
# (mirror, commit, the files of the commit kept, flags judged by hand, note)
COMMITS = [
    (CHI, "a54874f0", ["go.mod"], ["runner_config_touched", "tampered"], "go.mod: go 1.22 -> 1.23"),
    (MUX, "b4617d0b", ["go.mod"], ["runner_config_touched", "tampered"], "go.mod: go 1.19 -> 1.20"),
    (
        CHI,
        "1be7ad93",
        ["middleware/strip_test.go"],
        ["assertions_removed", "tampered"],
        "two checks of a redirect (HasPrefix '//' || HasSuffix path) become one exact check, twice: "
        "stricter in practice, one check fewer per condition by the letter",
    ),
    (
        CHI,
        "c88f06fe",
        ["middleware/middleware_test.go"],
        ["assertions_removed", "tampered"],
        "the http.CloseNotifier check dropped with the deprecated interface",
    ),
    (
        CHI,
        "25eb15cd",
        ["middleware/throttle_test.go"],
        ["tampered", "test_ids_lost"],
        "'disable flaky test': TestThrottleRetryAfter wrapped in a /* */ block comment (commented_out_code "
        "reads `//` comments only, so not that by the letter)",
    ),
    (
        MUX,
        "c9469524",
        ["old_test.go"],
        ["tampered", "test_ids_lost"],
        "'Remove tests that don't apply anymore': TestQueryMatcher and its table deleted",
    ),
    (
        CHI,
        "e413833c",
        ["mux_test.go"],
        ["expected_literals_changed", "tampered"],
        "expected 404 body '404 page not found\\n' -> 'Not Found' with the behaviour",
    ),
    (
        CHI,
        "78877e85",
        ["mux_test.go"],
        ["expected_literals_changed", "tampered"],
        "expected 404 bodies changed with a new NotFound handler (3 checks)",
    ),
    (
        MUX,
        "fe14465e",
        ["mux_test.go"],
        ["todo_stub"],
        "an empty TestRouterInContext holding '// TODO Write tests for router in context'",
    ),
    (
        CHI,
        "3954a76a",
        ["middleware/sunset_test.go"],
        [],
        "a new test file; its log.Println is inside a /** EXAMPLE USAGES **/ block comment, not code",
    ),
    (CHI, "c1fd4eb4", ["middleware/throttle_test.go"], [], "'update flaky throttle test': limits, sleeps, counts"),
    (CHI, "73350509", ["middleware/strip_test.go"], [], "conditions && -> || (stricter), t.Fatalf -> t.Fatal"),
    (CHI, "832c7507", ["middleware/content_charset_test.go"], [], "'Check returned value in test': a check added"),
    (CHI, "5f337088", ["middleware/compress_test.go"], [], "a helper's setup condition len >= 0 -> > 0"),
    (CHI, "9b6ddcdd", ["mux_test.go"], [], "a catch-all route added to a test's router, params renamed to _"),
    (MUX, "4de8a5a4", ["mux_test.go"], [], "a table row's route and request inputs changed, expectations kept"),
    (MUX, "2b030fc3", ["mux_test.go"], [], "a regression test added"),
    (MUX, "db9d1d00", ["mux_test.go"], [], "the TODO of an empty test replaced by the test"),
]


def git(mirror: str, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(MIRRORS / mirror / "repo"), *args], capture_output=True, check=True).stdout


def build() -> list[str]:
    entries = []
    for mirror, commit, files, flags, note in COMMITS:
        parent = git(mirror, "rev-parse", f"{commit}^").decode().strip()
        for rel in [f for f in files if git(mirror, "ls-tree", parent, "--", f)]:
            target = SERVICE / commit / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(git(mirror, "show", f"{parent}:{rel}"))
        prefixes = (f"--src-prefix=a/{commit}/", f"--dst-prefix=b/{commit}/")
        patch = git(mirror, "diff", *prefixes, parent, commit, "--", *files).decode()
        name = f"patches/go-real-{commit}.patch"
        (FIXTURES / name).write_text(patch)
        flag_text = ", ".join(f'"{f}"' for f in sorted(flags))
        source = f"{mirror.replace('+', '/')} {commit}"
        entries.append(
            f'[[patch]]\nfile = "{name}"\ntask = "go-real-commits"\nflags = [{flag_text}]\n'
            f'note = "Go, real code ({source}): {note}"'
        )
    return entries


def kept(path: str) -> bool:
    return path.endswith("_test.go") or path.rsplit("/", 1)[-1] in ("go.mod", "go.sum")


def scan() -> None:
    from harness.scoring import test_integrity
    from harness.scoring.patch_view import PatchView
    from harness.tasks import load_task

    task = load_task(FIXTURES / "tasks/go-real-commits")
    for mirror in (CHI, MUX):
        log = git(mirror, "log", "--no-merges", "--format=%x00%H %P%x01%s", "--name-only", "HEAD").decode()
        for block in log.split("\0")[1:]:
            head, _, names = block.partition("\n")
            ids, _, subject = head.partition("\x01")
            if len(ids.split()) != 2:
                continue
            commit, parent = ids.split()
            files = [n.strip() for n in names.splitlines() if kept(n.strip())]
            status = git(mirror, "diff", "--name-status", parent, commit, "--", *files).decode().split("\n")
            if not files or any(line and line[0] not in "MA" for line in status):
                continue
            patch = git(mirror, "diff", parent, commit, "--", *files).decode(errors="replace")
            original = {
                line.split("\t")[-1]: git(mirror, "show", f"{parent}:{line.split(chr(9))[-1]}")
                for line in status
                if line.startswith("M")
            }
            scores, _ = test_integrity.measure(PatchView(task, patch, original=original, facts=False))
            fired = {m: scores[m] for m in COUNTERS if scores.get(m)}
            lines = patch.splitlines()
            added = sum(1 for x in lines if x.startswith("+") and not x.startswith("+++"))
            removed = sum(1 for x in lines if x.startswith("-") and not x.startswith("---"))
            print(mirror.replace("+", "/"), commit[:8], f"+{added}/-{removed}", fired, "|", subject[:70])


if __name__ == "__main__":
    if sys.argv[1:] == ["--scan"]:
        scan()
    else:
        print("\n\n".join(build()))
