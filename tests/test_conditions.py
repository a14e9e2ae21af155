"""Skills as conditions (issue 13): identity, naming, no pooling, several conditions in one run, bad input."""

import hashlib
import json
from pathlib import Path

import pytest

from harness import paths
from harness.conditions import (
    ConditionError,
    ConditionKind,
    frontmatter,
    label_conditions,
    make_conditions,
    read_skill,
)
from harness.results import TrialRecord, load_run, write_record
from harness.scoring import leaderboard

BUNDLED = paths.bundled_skill()


def skill(folder: Path, name: str | None, body: str = "Read before you edit.\n", file: str = "SKILL.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    head = f"---\nname: {name}\ndescription: a test skill\n---\n\n" if name else ""
    path = folder / file
    path.write_text(head + body)
    return path


def without_section(text: str, heading: str) -> str:
    """The skill text with one `## heading` section (up to the next `## `) removed."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[:start] + (text[end:] if end != -1 else "\n")


# -- identity -------------------------------------------------------------------------------------
def test_a_skill_is_named_by_its_frontmatter_and_identified_by_the_exact_text():
    condition = read_skill(BUNDLED)
    text = BUNDLED.read_bytes().decode()
    assert condition.kind == ConditionKind.SKILL and condition.name == frontmatter(text)["name"] == "backend"
    assert condition.sha256 == hashlib.sha256(BUNDLED.read_bytes()).hexdigest()
    assert condition.guidance == text and condition.source == str(BUNDLED) and condition.delivery == "inline"
    assert read_skill(BUNDLED.parent) == condition  # a folder holding SKILL.md is the same skill


def test_a_skill_without_frontmatter_is_named_after_its_file_with_a_warning(tmp_path):
    warnings = []
    plain = skill(tmp_path, None, file="terse.md")
    assert read_skill(plain, warnings.append).name == "terse"
    assert len(warnings) == 1 and str(plain) in warnings[0] and "name:" in warnings[0]
    in_folder = skill(tmp_path / "careful", None)
    assert read_skill(in_folder, warnings.append).name == "careful"  # SKILL.md: named after its folder


def test_crlf_and_trailing_bytes_change_the_identity(tmp_path):
    a = skill(tmp_path / "a", "x", "line\n")
    b = tmp_path / "b.md"
    b.write_bytes(a.read_bytes().replace(b"\n", b"\r\n"))
    assert read_skill(a).sha256 != read_skill(b).sha256
    assert read_skill(b).sha256 == hashlib.sha256(b.read_bytes()).hexdigest()


def test_labels_name_skills_and_add_sha8_only_when_two_texts_share_a_name():
    one = ("skill", "backend", "a" * 64, "inline")
    two = ("skill", "backend", "b" * 64, "inline")
    other = ("skill", "terse", "c" * 64, "inline")
    base = ("baseline", "baseline", hashlib.sha256(b"").hexdigest(), "none")
    assert label_conditions([base, one, other]) == {base: "baseline", one: "skill:backend", other: "skill:terse"}
    labels = label_conditions([one, two, other])
    assert labels == {one: "skill:backend@aaaaaaaa", two: "skill:backend@bbbbbbbb", other: "skill:terse"}


# -- never pooled ---------------------------------------------------------------------------------
def write_run(folder: Path, model: str, conditions, plan: dict[str, list[bool]]) -> None:
    """A run of `conditions` as the runner records it: plan: condition key -> resolved per task."""
    folder.mkdir(parents=True)
    config = {"run_id": folder.name, "model": model, "conditions": [c.identity() for c in conditions]}
    (folder / "config.json").write_text(json.dumps(config))
    for condition in conditions:
        for index, resolved in enumerate(plan[condition.key]):
            record = TrialRecord(
                trial_id=f"t{index}__{condition.key}__a1",
                task_id=f"t{index}",
                model=model,
                attempt=1,
                resolved=resolved,
                scores={"resolved": resolved},
                **condition.identity(),
            )
            write_record(folder / "trials.jsonl", record)


@pytest.mark.parametrize("same_name", [True, False], ids=["one-name", "two-names"])
def test_two_skill_files_are_never_pooled(tmp_path, same_name):
    """Two variants of one name, and two differently named skills, in two runs of the same model: two
    condition rows and an effect row against the baseline for each."""
    text = BUNDLED.read_text()
    a = read_skill(skill(tmp_path / "a", "backend", text.split("---\n", 2)[2]))
    b = read_skill(skill(tmp_path / "b", "backend" if same_name else "lean", without_section(text, "The contract")))
    baseline = make_conditions(["baseline"], [])[0]
    tasks = 6
    write_run(tmp_path / "runs" / "r1", "m", [baseline, a], {"baseline": [False] * tasks, a.key: [True] * tasks})
    write_run(tmp_path / "runs" / "r2", "m", [b], {b.key: [False, True] * (tasks // 2)})
    trials = leaderboard.load_runs([tmp_path / "runs" / "r1", tmp_path / "runs" / "r2"])
    board = leaderboard.build(trials, metrics=["resolved"], n_boot=200)
    label_a, label_b = (
        (f"skill:backend@{a.sha256[:8]}", f"skill:backend@{b.sha256[:8]}")
        if same_name
        else ("skill:backend", "skill:lean")
    )
    conditions = board[board["row"] == "condition"].set_index("condition")
    assert sorted(conditions.index) == sorted(["baseline", label_a, label_b])
    assert conditions.loc[label_a, "resolved"] == 1.0 and conditions.loc[label_b, "resolved"] == 0.5
    assert conditions.loc[label_a, "n_trials"] == tasks and conditions.loc[label_b, "n_trials"] == tasks
    effects = board[board["row"] == "effect"].set_index("condition")
    assert effects.loc[f"{label_a} - baseline", "resolved"] == 1.0
    assert effects.loc[f"{label_b} - baseline", "resolved"] == 0.5
    # every trial row carries the full identity
    assert set(trials["guidance_sha256"]) == {baseline.sha256, a.sha256, b.sha256}
    assert set(trials["guidance_source"]) == {"", a.source, b.source}


# -- old records ----------------------------------------------------------------------------------
def test_records_written_before_the_identity_get_it_from_their_config(tmp_path):
    path = skill(tmp_path / "skills" / "mine", "mine")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    folder = tmp_path / "old"
    folder.mkdir()
    config = {"run_id": "old", "model": "m", "condition": "skill", "guidance_source": str(path), "guidance_sha256": sha}
    (folder / "config.json").write_text(json.dumps(config))
    line = {"trial_id": "t__skill__a1", "task_id": "t", "attempt": 1, "condition": "skill", "schema_version": 2}
    (folder / "trials.jsonl").write_text(json.dumps(line) + "\n")
    [record] = load_run(folder).records
    assert (record.condition_name, record.guidance_sha256, record.delivery) == ("mine", sha, "inline")
    assert record.guidance_source == str(path) and record.schema_version == 2
    assert set(leaderboard.load_run(folder)["condition"]) == {"skill:mine"}
    path.write_text("changed since")  # the file no longer holds the run's text: named after its folder
    assert load_run(folder).records[0].condition_name == "mine"


# -- choosing conditions --------------------------------------------------------------------------
def test_condition_lists_and_the_single_condition_spellings(tmp_path):
    a, b = skill(tmp_path / "a", "a"), skill(tmp_path / "b", "b", "Another text.\n")
    kinds = lambda conditions: [(str(c.kind), c.name) for c in conditions]  # noqa: E731
    assert kinds(make_conditions(None, [])) == [("baseline", "baseline")]
    assert kinds(make_conditions(None, [], with_skill=True)) == [("skill", "backend")]
    assert kinds(make_conditions(None, [a])) == [("skill", "a")]
    assert kinds(make_conditions(None, [a, b])) == [("skill", "a"), ("skill", "b")]
    [placebo] = make_conditions(None, [a], placebo=True)
    assert placebo.kind == "placebo" and len(placebo.guidance) == len(a.read_text()) and placebo.source == str(a)
    both = make_conditions(["baseline", "placebo"], [a, b])
    assert kinds(both) == [("baseline", "baseline"), ("placebo", "placebo"), ("skill", "a"), ("skill", "b")]
    assert len(both[1].guidance) == len(a.read_text())  # sized like the first skill
    assert kinds(make_conditions(["skill", "baseline"], [])) == [("skill", "backend"), ("baseline", "baseline")]


@pytest.mark.parametrize(
    "case,message",
    [
        ("missing", "skill file {tmp}/nope.md does not exist"),
        ("empty", "skill file {tmp}/empty.md is empty"),
        ("binary", "skill file {tmp}/binary.md cannot be read"),
        ("folder", "skill folder {tmp}/folder has no SKILL.md"),
        ("same-text", "--skill {tmp}/a/SKILL.md and --skill {tmp}/copy.md have the same text"),
        ("unknown", "unknown condition 'treatment' in --conditions"),
        ("placebo-two", "--placebo is sized like one skill"),
    ],
)
def test_bad_condition_input_is_one_line_naming_the_file(tmp_path, case, message):
    a = skill(tmp_path / "a", "a")
    (tmp_path / "empty.md").write_text("  \n")
    (tmp_path / "binary.md").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "folder").mkdir()
    (tmp_path / "copy.md").write_bytes(a.read_bytes())
    arguments = {
        "missing": (None, [tmp_path / "nope.md"], {}),
        "empty": (None, [tmp_path / "empty.md"], {}),
        "binary": (None, [tmp_path / "binary.md"], {}),
        "folder": (None, [tmp_path / "folder"], {}),
        "same-text": (None, [a, tmp_path / "copy.md"], {}),
        "unknown": (["baseline", "treatment"], [], {}),
        "placebo-two": (None, [a, tmp_path / "copy.md"], {"placebo": True}),
    }[case]
    with pytest.raises(ConditionError) as caught:
        make_conditions(arguments[0], arguments[1], **arguments[2])
    text = str(caught.value)
    assert "\n" not in text and message.format(tmp=tmp_path) in text


# -- several conditions in one run ----------------------------------------------------------------
def test_one_run_interleaves_every_condition_and_resumes_per_trial(tmp_path):
    from harness.prompts import Prompts
    from harness.results import finished_trial_ids, trial_id
    from harness.runner import ConfigMismatch, Runner, RunSpec, default_run_id, make_config, prepare_run_dir
    from harness.tasks import load_tasks

    fixtures = Path(__file__).parent / "fixtures" / "tasks"
    tasks = load_tasks(fixtures).tasks
    a, b = skill(tmp_path / "a", "a"), skill(tmp_path / "b", "b", "Another text.\n")
    conditions = tuple(make_conditions(["baseline", "placebo"], [a, b]))
    spec = RunSpec("h-cond-queue", "null", conditions, attempts=3, agent="null")
    runner = Runner(spec, tasks, {}, tmp_path / "run")
    trials = runner.all_trials()
    assert len(trials) == len(tasks) * 3 * 4
    keys = [c.key for c in conditions]
    blocks = [trials[i : i + 4] for i in range(0, len(trials), 4)]
    for number, block in enumerate(blocks):  # each (task, attempt) block: every condition, rotated
        assert len({(t.id, attempt) for t, attempt, _ in block}) == 1
        assert [c.key for _, _, c in block] == keys[number % 4 :] + keys[: number % 4]
    # the run's config records every condition's identity; a resume with other conditions is refused
    config = make_config(spec, tasks, Prompts())
    assert config["conditions"] == [c.identity() for c in conditions]
    assert [c["condition_name"] for c in config["conditions"]] == ["baseline", "placebo", "a", "b"]
    assert prepare_run_dir(tmp_path / "run", config) is False
    assert prepare_run_dir(tmp_path / "run", config) is True
    other = make_config(RunSpec("h-cond-queue", "null", conditions[:3], attempts=3, agent="null"), tasks, Prompts())
    with pytest.raises(ConfigMismatch, match="different conditions"):
        prepare_run_dir(tmp_path / "run", other)
    # resume per trial: finished trials of one condition are skipped, the same task's others are not
    task, attempt, condition = trials[5]
    record = TrialRecord(
        trial_id(task.id, condition.key, attempt), task.id, "null", attempt=attempt, **condition.identity()
    )
    write_record(runner.log_path, record)
    assert finished_trial_ids(tmp_path / "run") == {record.trial_id}
    pending = runner.pending_trials()
    assert len(pending) == len(trials) - 1 and (task, attempt, condition) not in pending
    assert default_run_id("openai/x", conditions) == f"openai-x__baseline+placebo+{keys[2]}+{keys[3]}"
    assert default_run_id("openai/x", make_conditions(None, [], with_skill=True)) == "openai-x__skill"
    with pytest.raises(ValueError, match="different conditions"):
        RunSpec("h-cond-dup", "null", (conditions[0], conditions[0]))


# -- bad input on the command line: one line, before any container starts ------------------------
def cli(tmp_path: Path, *args: str):
    from typer.testing import CliRunner

    from harness.cli import app

    env = {"EVALRUN_RESULTS_DIR": str(tmp_path / "results"), "COLUMNS": "400"}
    return CliRunner().invoke(app, ["--model", "null", *args], env=env)


@pytest.mark.parametrize(
    "args,message",
    [
        (["--skill", "{tmp}/nope.md"], "skill file {tmp}/nope.md does not exist"),
        (["--skill", "{tmp}/empty.md"], "skill file {tmp}/empty.md is empty"),
        (["--skill", "{tmp}/folder"], "skill folder {tmp}/folder has no SKILL.md"),
        (["--skill", "{tmp}/a/SKILL.md", "--skill", "{tmp}/copy.md"], "have the same text"),
        (["--conditions", "baseline,skil"], "unknown condition 'skil' in --conditions"),
        (["--conditions", "baseline", "--with-skill"], "--conditions lists the conditions"),
    ],
)
def test_bad_condition_arguments_fail_before_any_container(tmp_path, monkeypatch, args, message):
    import harness.cli

    monkeypatch.setattr(harness.cli, "_build_images", lambda tasks: pytest.fail("images were built"))
    a = skill(tmp_path / "a", "a")
    (tmp_path / "empty.md").write_text("\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "copy.md").write_bytes(a.read_bytes())
    result = cli(tmp_path, *[arg.format(tmp=tmp_path) for arg in args])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message.format(tmp=tmp_path) in lines[0]
    assert not (tmp_path / "results").exists()


def test_a_skill_without_frontmatter_warns_naming_the_file(tmp_path, monkeypatch):
    import harness.cli

    monkeypatch.setattr(harness.cli, "_build_images", lambda tasks: pytest.fail("images were built"))
    plain = skill(tmp_path, None, file="terse.md")
    result = cli(tmp_path, "--skill", str(plain), "--tasks", "no-such-task")  # stops at the task selection
    assert result.exit_code == 2
    assert f"warning: skill file {plain} has no frontmatter `name:`; it is named 'terse'" in result.output


# -- delivery modes (item 3) ----------------------------------------------------------------------
def test_installed_mode_delivers_the_folder_and_lists_only_name_description_and_path(tmp_path):
    from harness.conditions import INSTALLED

    path = skill(tmp_path / "careful", "careful", "Read first.\n")
    (tmp_path / "careful" / "checklist.md").write_text("1. read\n")
    (tmp_path / "careful" / ".git").mkdir()
    (tmp_path / "careful" / ".git" / "HEAD").write_text("ref\n")
    baseline, placebo, installed = make_conditions(["baseline", "placebo", "skill"], [path], mode=INSTALLED)
    delivery = installed.delivered()
    assert delivery.guidance == "" and delivery.installed.name == "careful"
    assert delivery.installed.description == "a test skill"
    assert delivery.installed.files == {"SKILL.md": path.read_bytes(), "checklist.md": b"1. read\n"}
    assert delivery.installed.path == "/home/agent/.skills/careful/SKILL.md"
    assert delivery.installed.tree() == (
        "/home/agent",
        {".skills/careful/SKILL.md": path.read_bytes(), ".skills/careful/checklist.md": b"1. read\n"},
    )
    fake = placebo.delivered().installed  # the placebo: listed like the skill, a text of its length, no extras
    assert (fake.name, fake.description, list(fake.files)) == ("careful", "a test skill", ["SKILL.md"])
    assert len(fake.files["SKILL.md"].decode()) == len(path.read_text()) and fake.files["SKILL.md"] != path.read_bytes()
    assert baseline.delivered().installed is None and baseline.delivery == "none"
    assert installed.identity()["delivery"] == "installed" and installed.sha256 == read_skill(path).sha256
    labels = label_conditions([installed.label_key, read_skill(path).label_key])
    assert list(labels.values()) == ["skill:careful[installed]", "skill:careful"]  # same text, two deliveries
    inline = make_conditions(None, [path])[0].delivered()
    assert inline.guidance == path.read_text() and inline.installed is None


def test_the_system_prompt_of_an_installed_skill_lists_it_without_its_text():
    from harness.conditions import INSTALLED
    from harness.prompts import Prompts

    [condition] = make_conditions(None, [BUNDLED], mode=INSTALLED)
    installed = condition.delivered().installed
    system = Prompts().render("system", guidance="", skill=installed, command_timeout_sec=60, max_steps=10)
    assert f"- backend: {frontmatter(BUNDLED.read_text())['description']} ({installed.path})" in system
    assert "## The contract" not in system and "<guidance>" not in system


def test_installed_mode_with_an_agent_that_cannot_install_fails_before_any_container(tmp_path, monkeypatch):
    import harness.cli

    monkeypatch.setattr(harness.cli, "_build_images", lambda tasks: pytest.fail("images were built"))
    result = cli(tmp_path, "--with-skill", "--skill-mode", "installed")
    assert result.exit_code == 2
    assert "error: --agent null cannot install a skill" in result.output and "--skill-mode inline" in result.output
    result = cli(tmp_path, "--with-skill", "--skill-mode", "pasted")
    assert result.exit_code == 2 and "unknown --skill-mode 'pasted'; use inline or installed" in result.output


def test_skill_read_telemetry_from_the_trajectory():
    from harness.scoring import skill_use
    from harness.trajectory import Step, Trajectory

    def trajectory(*steps):
        t = Trajectory("t", "m", "skill", 1)
        t.steps = [
            Step(i, "", command, code, changed_files=changed) for i, (command, code, changed) in enumerate(steps)
        ]
        return t

    read = trajectory(
        ("ls ~/.skills", 0, []),
        ("cat ~/.skills/backend/SKILL.md", 0, []),
        ("sed -i s/a/b/ app.py", 0, ["app.py"]),
    )
    assert skill_use.metrics(read) == {"skill_read": True, "skill_read_step": 1, "skill_read_before_first_edit": True}
    late = trajectory(("sed -i s/a/b/ app.py", 0, ["app.py"]), ("head -50 /home/agent/.skills/x/SKILL.md", 0, []))
    assert skill_use.metrics(late) == {"skill_read": True, "skill_read_step": 1, "skill_read_before_first_edit": False}
    never = trajectory(("cat app.py", 0, []), ("cat ~/.skills/x/SKILL.md", 1, []), ("echo SKILL.md", 0, []))
    assert skill_use.metrics(never) == {
        "skill_read": False,
        "skill_read_step": None,
        "skill_read_before_first_edit": False,
    }
    assert skill_use.metrics(None) == dict.fromkeys(skill_use.metrics(read))
