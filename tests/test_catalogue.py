"""tasks/README.md is generated from the task files and must be current."""

from harness import paths
from harness.catalogue import render
from harness.tasks import load_tasks


def test_task_catalogue_is_up_to_date():
    task_set = load_tasks(paths.tasks_dir())
    assert not task_set.errors, [str(e) for e in task_set.errors]
    expected = render(task_set.tasks)
    actual = (paths.tasks_dir() / "README.md").read_text()
    assert actual == expected, "tasks/README.md is out of date: run `evalrun tasks catalogue`"


def test_catalogue_lists_every_task_with_its_metadata():
    task_set = load_tasks(paths.tasks_dir())
    text = render(task_set.tasks)
    for task in task_set.tasks:
        row = next(line for line in text.splitlines() if line.startswith(f"| {task.id} |"))
        assert task.category in row and task.service_name in row and task.difficulty in row


def test_every_task_has_computed_difficulty_figures():
    from harness.catalogue import rows

    task_set = load_tasks(paths.tasks_dir())
    data = {r["id"]: r for r in rows(task_set.tasks)}
    for task in task_set.tasks:
        measured = data[task.id]["measured"]
        assert measured["hidden_tests"] > 0 and measured["wrong_patches"] == len(task.wrong_patches)
        if task.solution_patch is not None:
            assert measured["gold_files"] >= 1 and measured["gold_added"] + measured["gold_removed"] > 0
        else:
            assert measured["gold_files"] is None and measured["distance"] is None


def test_the_figures_follow_their_definitions_on_the_fixture_task():
    from harness.difficulty import measure

    fixtures = paths.PROJECT_ROOT / "tests" / "fixtures" / "tasks"
    [task] = load_tasks(fixtures, ["mini-discount"]).tasks
    m = measure(task)
    assert (m.gold_added, m.gold_removed, m.gold_files) == (2, 2, 1)
    # the instruction names no module or route: the failing hidden test imports app.pricing, which the
    # gold patch fixes (distance 0); its wrong patch touches that module only
    assert m.symptom_source == "hidden tests" and m.symptom_modules == ("app.pricing",)
    assert m.gold_modules == ("app.pricing",) and m.distance == 0
    assert m.hidden_tests == 1 and m.fail_to_pass == 1
    assert m.wrong_in_gold_files == 1.0 and m.wrong_symptom_only == 1.0 and 0 <= m.wrong_similarity <= 1


def test_symptom_modules_and_distance_in_an_import_graph():
    from harness.difficulty import mentioned_modules, module_name, repo_graph

    files = {
        "app/__init__.py": b"",
        "app/main.py": b"from app import services\n\n@router.post('/invoices/{invoice_id}/payments')\ndef pay(): ...\n",
        "app/services.py": b"from .repository import save\nfrom app.money import cents\n",
        "app/repository.py": b"import app.money\n",
        "app/money.py": b"",
        "app/migrations/__init__.py": b"",
        "app/migrations/versions/r0001.py": b"",
        "tests/test_x.py": b"from app.money import cents\n",
    }
    graph = repo_graph(files)
    assert module_name("app/__init__.py") == "app" and module_name("app/x.txt") is None
    assert "tests.test_x" not in graph.modules  # visible tests are not part of the graph
    said = 'The app\'s POST /invoices/1187/payments fails in File "app/money.py"; ran python -m app.migrations'
    assert mentioned_modules(said, graph) == {"app.main", "app.money", "app.migrations"}
    reach = graph.distances({"app.main"})
    assert (reach["app.services"], reach["app.repository"], reach["app.money"]) == (1, 2, 2)
    # a revision no import reaches hangs off its nearest package (versions/ has no __init__.py here)
    assert graph.distances({"app.migrations"})["app.migrations.versions.r0001"] == 1


def test_catalogue_json_has_the_measured_figures(tmp_path):
    import json

    from typer.testing import CliRunner

    from harness.cli import app

    out = tmp_path / "catalogue.json"
    result = CliRunner().invoke(app, ["tasks", "catalogue", "--check", "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert len(data) == len(load_tasks(paths.tasks_dir()).tasks)
    assert {"gold_added", "gold_files", "distance", "hidden_tests", "wrong_similarity"} <= set(data[0]["measured"])
    assert all("unstable" in row for row in data)
