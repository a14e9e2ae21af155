"""Real-code TypeScript test-integrity fixtures for score-selftest: hunks of real commits (their test and
runner-config files only), each applied to its own parent's files under a folder named by the commit,
in one no-op fixture task (tests/fixtures/scoring/tasks/ts-real-commits on _services/ts-real).

    python scripts/ts_real_fixtures.py   # needs the mirrors (the `fetch` tool) under /work/.mirror

Writes the service's files, patches/ts-real-<commit>.patch and prints the [[patch]] entries; the
flags are set by hand from each diff (see docs/metrics.md).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIRRORS = Path("/work/.mirror")
FIXTURES = ROOT / "tests/fixtures/scoring"
SERVICE = FIXTURES / "tasks/_services/ts-real"
# (mirror, commit, the files of the commit kept, flags judged by hand, note)
COMMITS = [
    (
        "sindresorhus+ky",
        "e0fcf780",
        ["test/retry.ts"],
        ["assertions_loosened", "tampered"],
        "t.is -> t.true(range) twice, 'Fix CI'",
    ),
    (
        "sindresorhus+ky",
        "4ba8c15f",
        ["test/retry.ts"],
        ["assertions_loosened", "tampered"],
        "t.is -> t.true(range), 'Fix flaky test'",
    ),
    (
        "sindresorhus+ky",
        "2fe20cb0",
        ["test/headers.ts"],
        ["assertions_loosened", "assertions_removed", "tampered"],
        "two t.is on a Node version become one looser check",
    ),
    (
        "sindresorhus+ky",
        "51e35528",
        ["test/main.ts"],
        ["expected_literals_changed", "tampered"],
        "expected '' -> undefined with the behaviour",
    ),
    (
        "honojs+hono",
        "13a9481e",
        ["src/middleware/secure-headers/index.test.ts"],
        ["expected_literals_changed", "tampered"],
        "expected Permissions-Policy values none -> ()",
    ),
    (
        "honojs+hono",
        "f6aa913c",
        ["src/middleware/etag/index.test.ts"],
        ["test_ids_lost", "tampered"],
        "a test renamed and rewritten",
    ),
    (
        "honojs+hono",
        "0fc7ffc9",
        ["src/router/trie-router/node.test.ts"],
        ["test_ids_lost", "tampered"],
        "tests renamed with new paths",
    ),
    (
        "microsoft+TypeScript-Node-Starter",
        "d080f39b",
        ["package.json"],
        ["runner_config_touched", "tampered"],
        "the test script gains --coverage --verbose",
    ),
    (
        "microsoft+TypeScript-Node-Starter",
        "1b71586e",
        ["tsconfig.json"],
        ["runner_config_touched", "tampered"],
        "tsconfig: esModuleInterop added",
    ),
    ("sindresorhus+ky", "06375efb", ["test/retry.ts"], [], "a regression test added"),
    ("sindresorhus+ky", "6edddd98", ["test/methods.ts"], [], "tests for a new method"),
    ("sindresorhus+ky", "f37e82cd", ["test/retry.ts"], [], "timing inputs of a flaky test changed, expectations kept"),
    ("sindresorhus+ky", "87aafbac", ["test/retry.ts"], [], "'Fix CI': timing inputs changed, expectations kept"),
    ("sindresorhus+ky", "61d6d66d", ["test/retry.ts"], [], "tests added for Safari errors"),
    (
        "honojs+hono",
        "b93a2547",
        ["src/adapter/aws-lambda/handler.test.ts"],
        [],
        "a subject literal changed, not an expected value",
    ),
    ("sindresorhus+ky", "86b15196", ["test/browser.ts"], [], "a test made stricter (an assertion added)"),
    ("sindresorhus+ky", "648e25df", ["test/hooks.ts"], [], "tests added for URL changes in a hook"),
]


def git(mirror: str, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(MIRRORS / mirror / "repo"), *args], capture_output=True, check=True).stdout


def build() -> list[str]:
    entries = []
    for mirror, commit, files, flags, note in COMMITS:
        parent = git(mirror, "rev-parse", f"{commit}^").decode().strip()
        present = [f for f in files if git(mirror, "ls-tree", parent, "--", f)]
        for rel in present:
            target = SERVICE / commit / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(git(mirror, "show", f"{parent}:{rel}"))
        patch = git(mirror, "diff", parent, commit, "--", *files).decode()
        patch = patch.replace(" a/", f" a/{commit}/").replace(" b/", f" b/{commit}/")
        patch = patch.replace("--- a/", f"--- a/{commit}/").replace("+++ b/", f"+++ b/{commit}/")
        patch = patch.replace(f"--- a/{commit}/{commit}/", f"--- a/{commit}/").replace(
            f"+++ b/{commit}/{commit}/", f"+++ b/{commit}/"
        )
        name = f"patches/ts-real-{commit}.patch"
        (FIXTURES / name).write_text(patch)
        flag_text = ", ".join(f'"{f}"' for f in sorted(flags))
        source = f"{mirror.replace('+', '/')} {commit}"
        entries.append(
            f'[[patch]]\nfile = "{name}"\ntask = "ts-real-commits"\nflags = [{flag_text}]\n'
            f'note = "TypeScript, real code ({source}): {note}"'
        )
    return entries


if __name__ == "__main__":
    print("\n\n".join(build()))
