"""No traceback for a user mistake (issue 17, item 3).

Every command and subcommand is walked with the inputs a new user gets wrong: a bad argument, a
missing or unusable file, a folder that is not a run (or one that holds runs but is not one), a
patch that does not parse, does not apply or is for files the task lacks, an unknown id. Each must
end in exactly one `error:` line naming the problem, exit 2 (the command line is wrong) or 1 (the
work failed, e.g. run data this evalrun cannot read), never a traceback, never a silent success.

The table below is the walk: (command line, expected exit code, a fragment of the error line).
Words in capitals are replaced by the fixtures built in `world`.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "results" / "samples"
FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
TASK = "mini-discount"

WALK = [
    # the run itself (the root command)
    (["--model", "bogus/x"], 2, "unknown provider 'bogus'"),
    (["--agent", "nope"], 2, "unknown agent 'nope'"),
    (["--model", "null", "--skill", "MISSING"], 2, "does not exist; pass an existing file to --skill"),
    (["--model", "null", "--shard", "5/4"], 2, "is not a shard like 1/4"),
    (["--model", "null", "--backend", "nope"], 2, "--backend 'nope': use one of local, ray"),
    (["--model", "null", "--ray-address", "127.0.0.1:1"], 2, "--ray-address goes with --backend ray"),
    (["--model", "null", "--run-id", "a/b"], 2, "is not a plain folder name"),
    (["--model", "null", "--tasks", "nope"], 2, "unknown task id(s): nope"),
    (["--model", "null", "--dataset", "MISSING"], 2, "no tasks.parquet"),
    (["--model", "null", "--dataset", "BADPARQUET"], 2, "is not a readable parquet file"),
    (["--model", "replay/MISSING"], 2, "replay file not found"),
    (["--attempts", "0", "--model", "null"], 2, "Invalid value for '--attempts'"),
    (["--bogus"], 2, "No such option: --bogus"),
    (["nosuchcommand"], 2, "No such command 'nosuchcommand'"),
    # score
    (["score"], 2, "Missing argument"),
    (["score", "nope", "--no-docker"], 2, "no run folder"),
    (["score", "HOLDER", "--no-docker"], 2, "is not a run folder"),
    (["score", "EMPTYRUN", "--no-docker"], 2, "holds no finished trial"),
    (["score", "BADCONFIG", "--no-docker"], 1, "config.json is not valid JSON"),
    (["score", "BADRECORD", "--no-docker"], 1, "unknown field(s) bogus"),
    # score-patch
    (["score-patch", "--task", TASK, "--patch", "MISSING", "--no-docker"], 2, "does not exist"),
    (["score-patch", "--task", TASK, "--patch", "FOLDER", "--no-docker"], 2, "is a directory"),
    (["score-patch", "--task", "nope", "--patch", "GOLD", "--no-docker"], 2, "unknown task id(s): nope"),
    (["score-patch", "--task", TASK, "--patch", "NOTAPATCH", "--no-docker"], 2, "is not a patch"),
    (
        ["score-patch", "--task", TASK, "--patch", "OTHERFILES", "--no-docker"],
        2,
        "which task mini-discount's repository does not have",
    ),
    (
        ["score-patch", "--task", TASK, "--patch", "NOAPPLY", "--no-docker"],
        2,
        "does not apply to task mini-discount's repository",
    ),
    (
        ["score-patch", "--task", TASK, "--patch", "GOLD", "--trajectory", "BADJSON", "--no-docker"],
        2,
        "is not an evalrun trajectory.json",
    ),
    (
        ["score-patch", "--task", TASK, "--patch", "GOLD", "--trajectory", "LISTJSON", "--no-docker"],
        2,
        "is not an evalrun trajectory.json",
    ),
    (["score-patch", "--task", TASK, "--patch", "GOLD", "--report", "MISSING", "--no-docker"], 2, "does not exist"),
    (["score-patch", "--patch", "GOLD"], 2, "Missing option '--task'"),
    # leaderboard
    (["leaderboard"], 2, "Missing argument"),
    (["leaderboard", "nope"], 2, "no run folder"),
    (["leaderboard", "HOLDER"], 2, "is not a run folder"),
    (["leaderboard", "EMPTYRUN"], 2, "hold no finished trial"),
    (["leaderboard", "BADCONFIG"], 1, "config.json is not valid JSON"),
    (["leaderboard", "BADRECORD"], 1, "unknown field(s) bogus"),
    (["leaderboard", "ORACLE", "--out", "FOLDER"], 2, "is a directory"),
    # score-selftest
    (["score-selftest", "--fixtures", "MISSING"], 2, "no labels.toml"),
    (["score-selftest", "--corpus", "fake"], 2, "unknown corpus 'fake'"),
    (["score-selftest", "--corpus", "real", "--fixtures", "FOLDER"], 2, "corrupt corpus"),
    # report
    (["report"], 2, "Missing argument"),
    (["report", "nope"], 2, "no run folder"),
    (["report", "HOLDER"], 2, "is not a run folder"),
    (["report", "EMPTYRUN"], 2, "hold no finished trial"),
    (["report", "BADCONFIG"], 1, "config.json is not valid JSON"),
    (["report", "BADRECORD"], 1, "unknown field(s) bogus"),
    (["report", "ORACLE", "--out", "AFILE"], 2, "is a file"),
    (["report", "ORACLE", "--out", "OUT", "--tasks-dir", "DUPES"], 2, "in two tasks folders"),
    # bench (its own checks are h-item5's; here the command line only)
    (["bench", "--bogus"], 2, "No such option: --bogus"),
    # validate
    (["validate", "--tasks", "nope"], 2, "unknown task id(s): nope"),
    (["validate", "--repeats", "0"], 2, "Invalid value for '--repeats'"),
    (["validate", "--tasks", TASK, "--json", "FOLDER"], 2, "is a folder; give a file name"),
    (["validate", "--tasks", TASK, "--json", "AFILE/x.json"], 2, "cannot create its folder"),
    # plan
    (["plan", "--rate", "0.5"], 2, "pass either --effect X"),
    (["plan", "--effect", "5", "--rate", "0.5"], 2, "is not a change of a rate"),
    (["plan", "--effect", "0.1", "--metric", "steps", "--rate", "0.5"], 2, "is not a binary metric"),
    (["plan", "--effect", "0.1"], 2, "pass either --pilot RUN"),
    (["plan", "--effect", "0.1", "--pilot", "nope"], 2, "no run folder"),
    (["plan", "--effect", "0.1", "--pilot", "HOLDER"], 2, "is not a run folder"),
    (["plan", "--effect", "0.1", "--pilot", "BADCONFIG"], 1, "config.json is not valid JSON"),
    # skill
    (["skill"], 2, "Missing command"),
    (["skill", "ablate", "MISSING", "--out", "OUT"], 2, "does not exist"),
    (["skill", "ablate", "NOTAPATCH", "--out", "OUT"], 2, "has no `## ` section"),
    (["skill", "ablate", "SKILL", "--out", "AFILE"], 2, "is a file"),
    # clean (a usage error only: the command itself never runs here)
    (["clean", "--run-id"], 2, "requires an argument"),
    # images
    (["images"], 2, "Missing command"),
    (["images", "build", "--tasks", "nope"], 2, "unknown task id(s): nope"),
    # tasks
    (["tasks"], 2, "Missing command"),
    (["tasks", "nosuch"], 2, "No such command 'nosuch'"),
    (["tasks", "catalogue", "--bogus"], 2, "No such option"),
    (["tasks", "new", "fresh", "--tasks-dir", "OUT"], 2, "pass exactly one of --service NAME"),
    (["tasks", "new", "fresh", "--service", "mini", "--repo", "FOLDER", "--tasks-dir", "OUT"], 2, "pass exactly one"),
    (["tasks", "new", "Bad_Id", "--service", "mini", "--tasks-dir", "OUT"], 2, "use lowercase letters"),
    (["tasks", "new", "fresh", "--service", "nope", "--tasks-dir", "OUT"], 2, "no base service 'nope'"),
    (["tasks", "new", "fresh", "--repo", "MISSING", "--tasks-dir", "OUT"], 2, "does not exist"),
    (["tasks", "new", TASK, "--service", "mini", "--tasks-dir", "TASKS"], 2, "already exists"),
    (["validate", "--tasks-dir", "MISSING"], 2, "does not exist"),
    (["validate", "--tasks-dir", "DUPES"], 2, "task id mini-discount is in two tasks folders"),
    (
        ["score-patch", "--task", TASK, "--patch", "GOLD", "--tasks-dir", "DUPES", "--no-docker"],
        2,
        "in two tasks folders",
    ),
    (["images", "build", "--tasks-dir", "DUPES"], 2, "in two tasks folders"),
    # export
    (["export"], 2, "Missing command"),
    (["export", "tasks", "--out", "AFILE"], 2, "is a file"),
    (["export", "tasks", "--out", "OUT", "--tasks", "nope"], 2, "unknown task id(s): nope"),
    (["export", "results", "HOLDER", "--out", "OUT"], 2, "is not a run folder"),
    (["export", "results", "EMPTYRUN", "--out", "OUT"], 2, "hold no trial record"),
    (["export", "results", "BADRECORD", "--out", "OUT"], 1, "unknown field(s) bogus"),
    (["export", "results", "ORACLE", "--out", "AFILE"], 2, "is a file"),
    (["export", "harbor", "--out", "OUT", "--network", "wide"], 2, "use no-network or public"),
    (["export", "harbor", "--out", "OUT", "--tasks", "nope"], 2, "unknown task id(s): nope"),
]
# Commands with no folder of tasks to read: every command that loads tasks says so.
NO_TASKS_FOLDER = [["tasks", "catalogue"], ["validate"], ["images", "build"], ["export", "tasks", "--out", "OUT"]]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, str]:
    """Fixture files and folders the walk's words stand for; the results folder is results/."""
    root = tmp_path_factory.mktemp("bad-input")
    results = root / "results"
    (results / "holder").mkdir(parents=True)  # a folder that holds runs but is not one
    (results / "holder" / "inner").mkdir()
    (results / "holder" / "inner" / "config.json").write_text(json.dumps({"run_id": "inner"}))
    for name, config, trials in [
        ("emptyrun", json.dumps({"run_id": "emptyrun"}), None),
        ("badconfig", "{not json", None),
        ("badrecord", json.dumps({"run_id": "badrecord"}), json.dumps({"trial_id": "t", "bogus": 1})),
    ]:
        (results / name).mkdir()
        (results / name / "config.json").write_text(config)
        if trials:
            (results / name / "trials.jsonl").write_text(trials + "\n")
    (root / "afile").write_text("a file, not a folder\n")
    (root / "notapatch.txt").write_text("this is a note, not a patch\n")
    (root / "otherfiles.diff").write_text(
        "diff --git a/nothere/x.py b/nothere/x.py\n--- a/nothere/x.py\n+++ b/nothere/x.py\n"
        "@@ -1 +1 @@\n-a = 1\n+a = 2\n"
    )
    gold = FIXTURES / TASK / "solution.patch"
    # the gold patch with a context line the repository does not have
    lines = gold.read_text().splitlines(keepends=True)
    context = next(i for i, line in enumerate(lines) if line.startswith(" ") and line.strip())
    lines[context] = " this line is in no version of the file\n"
    (root / "noapply.diff").write_text("".join(lines))
    (root / "skill.md").write_text("# A skill\n\n## One\n\nDo this.\n\n## Two\n\nDo that.\n")
    (root / "dupes" / TASK).mkdir(parents=True)  # another tasks folder with a task of the same id
    (root / "bad.json").write_text("{not json")
    (root / "list.json").write_text("[1, 2]")
    (root / "bad.parquet").mkdir()
    (root / "bad.parquet" / "tasks.parquet").write_text("not parquet")
    return {
        "MISSING": str(root / "missing"),
        "FOLDER": str(root),
        "AFILE": str(root / "afile"),
        "OUT": str(root / "out"),
        "HOLDER": str(results / "holder"),
        "EMPTYRUN": "emptyrun",
        "BADCONFIG": "badconfig",
        "BADRECORD": "badrecord",
        "ORACLE": str(SAMPLES / "oracle"),
        "GOLD": str(gold),
        "TASKS": str(FIXTURES),
        "DUPES": str(root / "dupes"),
        "NOTAPATCH": str(root / "notapatch.txt"),
        "OTHERFILES": str(root / "otherfiles.diff"),
        "NOAPPLY": str(root / "noapply.diff"),
        "SKILL": str(root / "skill.md"),
        "BADJSON": str(root / "bad.json"),
        "LISTJSON": str(root / "list.json"),
        "BADPARQUET": str(root / "bad.parquet"),
        "_results": str(results),
    }


def substitute(args: list[str], world: dict[str, str]) -> list[str]:
    out = []
    for arg in args:
        head, sep, tail = arg.partition("/")
        if arg.startswith("replay/"):
            out.append("replay/" + world.get(tail, tail))
        else:
            out.append(world.get(head, head) + sep + tail if head in world else arg)
    return out


def invoke(args: list[str], world: dict[str, str], tasks_dir: Path = FIXTURES):
    env = {"EVALRUN_RESULTS_DIR": world["_results"], "EVALRUN_TASKS_DIR": str(tasks_dir)}
    return CliRunner().invoke(app, args, env=env)


def assert_one_error(output: str, code: int, expected: int, fragment: str) -> None:
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert "Traceback" not in output, output
    assert code == expected, f"exit {code}, expected {expected}:\n{output}"
    assert len(errors) == 1, f"expected exactly one error line:\n{output}"
    assert fragment in errors[0], f"{fragment!r} not in {errors[0]!r}"


@pytest.fixture(autouse=True)
def _clean_never_runs(monkeypatch):
    """The walk only gives `clean` a bad command line; should one ever parse, it must not remove anything."""
    import harness.sandbox

    def refuse(*args, **kwargs):
        raise AssertionError("evalrun clean ran during the bad-input walk")

    monkeypatch.setattr(harness.sandbox, "clean", refuse)


@pytest.mark.parametrize(("args", "expected", "fragment"), WALK, ids=[" ".join(a) for a, _, _ in WALK])
def test_a_user_mistake_is_one_error_line(world, args, expected, fragment):
    result = invoke(substitute(args, world), world)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert_one_error(result.output, result.exit_code, expected, fragment)


@pytest.mark.parametrize("args", NO_TASKS_FOLDER, ids=[" ".join(a) for a in NO_TASKS_FOLDER])
def test_no_tasks_folder_is_one_error_line(world, args):
    result = invoke(substitute(args, world), world, tasks_dir=Path(world["MISSING"]))
    assert_one_error(result.output, result.exit_code, 2, "does not exist")


def test_every_command_is_walked(world):
    """A command added later without a row here fails this test."""
    import typer.main

    def paths(group, prefix=()):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from paths(command, prefix + (name,))
            else:
                yield prefix + (name,)

    def leading_words(args):
        words = []
        for arg in args:
            if arg.startswith("-"):
                break
            words.append(arg)
        return tuple(words)

    walked = {leading_words(args) for args, _, _ in WALK}
    assert () in walked  # the run itself: options only
    for command in paths(typer.main.get_command(app)):
        assert any(w[: len(command)] == command for w in walked), f"no bad-input row for `evalrun {' '.join(command)}`"


def test_a_patch_for_other_files_is_no_silent_table_of_zeros(world):
    """The issue's case: score-patch used to print a table of blanks and exit 0."""
    result = invoke(["score-patch", "--task", TASK, "--patch", world["OTHERFILES"], "--no-docker"], world)
    assert result.exit_code == 2 and "┃ metric" not in result.output and "family" not in result.output


@pytest.mark.parametrize(
    ("args", "expected", "fragment"),
    [
        (["report", "HOLDER"], 2, "is not a run folder"),
        (["score-patch", "--task", TASK, "--patch", "NOTAPATCH", "--no-docker"], 2, "is not a patch"),
        (["leaderboard", "BADCONFIG"], 1, "config.json is not valid JSON"),
        (["validate", "--repeats", "many"], 2, "Invalid value for '--repeats'"),
    ],
)
def test_the_real_command_prints_no_traceback(world, args, expected, fragment):
    """As a user runs it: a process of its own, stderr read as the terminal would show it."""
    env = {
        **os.environ,
        "EVALRUN_RESULTS_DIR": world["_results"],
        "EVALRUN_TASKS_DIR": str(FIXTURES),
        "PYTHONPATH": str(ROOT),
        "COLUMNS": "80",
    }
    done = subprocess.run(
        [sys.executable, "-m", "harness.cli", *substitute(args, world)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.stdout.strip() == "", done.stdout
    assert_one_error(done.stderr, done.returncode, expected, fragment)
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
