"""Your own tasks beside the bundled ones (issue 17, item 2).

`--tasks-dir` adds a folder of tasks (ids unique across folders); `evalrun tasks new` scaffolds a
task; and an outside person's task, written from scratch by following docs/task-format.md (a small
service of their own as a full repo/ folder), validates on the first try.
"""

import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.tasks import PLACEHOLDER, TaskError, load_task, load_tasks

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
TASK_ID = "outside-greet-trim"  # fixed, so the image built for it is reused by the next run

# The outside person's service: correct except for the bug the task is about.
REPO = {
    "requirements.txt": "pytest==9.2.0\n",
    "app/__init__.py": "",
    "app/greet.py": 'def greet(name: str) -> str:\n    """The greeting for a visitor\'s name as typed in the form."""\n'
    '    return f"Hello, {name}!"\n',
    "tests/test_greet.py": "from app.greet import greet\n\n\ndef test_greets_by_name():\n"
    '    assert greet("Ada") == "Hello, Ada!"\n',
}
HIDDEN = (
    "from app.greet import greet\n\n\ndef test_name_typed_with_spaces_is_trimmed():\n"
    '    assert greet("  Ada \\n") == "Hello, Ada!"\n'
)


def invoke(*args: str, tasks: Path = FIXTURES, results: Path | None = None):
    env = {"EVALRUN_TASKS_DIR": str(tasks)}
    if results is not None:
        env["EVALRUN_RESULTS_DIR"] = str(results)
    result = CliRunner().invoke(app, list(args), env=env)
    return result, result.output


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def git_diff(repo: Path, change) -> str:
    """What the doc tells the author: a git checkout of the buggy repo, the fix, `git diff`."""
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "buggy"], cwd=repo, check=True)
    change(repo)
    return subprocess.run(["git", "diff"], cwd=repo, check=True, capture_output=True, text=True).stdout


def fill_task_toml(text: str, values: dict[str, str]) -> str:
    """Replace each placeholder line `key = ...TODO(evalrun)...` with `key = value`, as the doc says."""
    out = []
    for line in text.splitlines():
        if PLACEHOLDER in line and not line.lstrip().startswith("#"):
            key = line.split("=", 1)[0].strip()
            line = f"{key} = {values.pop(key)}"
        out.append(line)
    assert not values, f"no placeholder for {values}"
    return "\n".join(out) + "\n"


def author_task(tmp_path: Path) -> Path:
    """An outside author's task, made by the steps of docs/task-format.md; returns their tasks folder."""
    service = tmp_path / "greeter"
    write_tree(service, REPO)
    mine = tmp_path / "mytasks"
    result, said = invoke("tasks", "new", TASK_ID, "--repo", str(service), "--tasks-dir", str(mine))
    assert result.exit_code == 0, said
    task = mine / TASK_ID
    # Step 2 of the doc: the scaffold does not load until its placeholders are filled in.
    with pytest.raises(TaskError, match=re.escape(PLACEHOLDER)):
        load_task(task)
    (task / "task.toml").write_text(
        fill_task_toml(
            (task / "task.toml").read_text(),
            {
                "title": '"Greeting keeps the spaces typed around the name"',
                "category": '"edge-cases"',
                "fail_to_pass": '["tests/test_hidden_outside_greet_trim.py::test_name_typed_with_spaces_is_trimmed"]',
            },
        ).replace("pass_to_pass = []", 'pass_to_pass = ["tests/test_greet.py::test_greets_by_name"]')
    )
    (task / "instruction.md").write_text(
        "When I type my name in the form with a space before or after it, the greeting shows the spaces "
        "(`Hello,  Ada !`). It should read `Hello, Ada!` whatever spaces I typed around my name.\n"
    )
    (task / "tests" / "test_hidden_outside_greet_trim.py").write_text(HIDDEN)

    def fix(repo: Path) -> None:
        path = repo / "app" / "greet.py"
        path.write_text(path.read_text().replace('f"Hello, {name}!"', 'f"Hello, {name.strip()}!"'))

    scratch = tmp_path / "checkout"
    write_tree(scratch, REPO)
    (task / "solution.patch").write_text(git_diff(scratch, fix))
    return mine


def test_tasks_new_scaffolds_every_file_the_format_needs(tmp_path):
    mine = tmp_path / "mine"
    result, said = invoke("tasks", "new", "my-first", "--service", "mini", "--tasks-dir", str(mine))
    assert result.exit_code == 0, said
    folder = mine / "my-first"
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == {
        "task.toml",
        "instruction.md",
        "tests/test_hidden_my_first.py",
        "solution.patch",
        "bug.patch",
    }
    assert "evalrun validate --tasks-dir" in " ".join(said.split())
    # the bundled service `mini` (the fixture tasks folder) serves a task in another folder
    task_set = load_tasks(FIXTURES, ["my-first"], (mine,))
    assert task_set.tasks == [] and PLACEHOLDER in str(task_set.errors[0])
    for name in ("task.toml", "instruction.md", "solution.patch", "bug.patch"):
        assert name in str(task_set.errors[0])


def test_tasks_dir_adds_tasks_and_ids_must_be_unique(tmp_path):
    mine = author_task(tmp_path)
    both = load_tasks(FIXTURES, None, (mine,))
    assert [t.id for t in both.tasks] == ["mini-discount", TASK_ID] and not both.errors
    (tmp_path / "other" / TASK_ID).mkdir(parents=True)
    result, said = invoke("validate", "--tasks-dir", str(mine), "--tasks-dir", str(tmp_path / "other"))
    assert result.exit_code == 2 and f"task id {TASK_ID} is in two tasks folders" in " ".join(said.split()), said


@pytest.mark.docker
def test_an_outside_task_written_from_the_doc_validates_first_try(tmp_path):
    mine = author_task(tmp_path)
    result, said = invoke(
        "validate", "--tasks-dir", str(mine), "--tasks", TASK_ID, "--repeats", "2", "--json", str(tmp_path / "v.json")
    )
    assert result.exit_code == 0, said
    assert "1/1 valid" in said
