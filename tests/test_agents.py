"""The agent seam (issue 12, item 1): registry, --agent / --model resolution, the bash agent's steps."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.agents import REGISTRY, AgentError, BashAgent, Budget, FormatError, NullAgent, resolve
from harness.agents.bash import parse_reply
from harness.cli import app
from harness.models import get_model
from harness.prompts import Prompts
from harness.sandbox import ExecResult
from harness.tasks import load_task
from harness.trajectory import FORMAT_ERROR, REFERENCE, SUBMITTED, Trajectory

FIXTURES = Path(__file__).parent / "fixtures" / "tasks"


@pytest.mark.parametrize(
    "agent,model,expected",
    [
        (None, "openai/gpt-x", ("bash", "openai/gpt-x")),
        ("bash", "replay/r.json", ("bash", "replay/r.json")),
        (None, "oracle", ("oracle", "oracle")),  # the spelling before --agent
        (None, "null", ("null", "null")),
        ("oracle", None, ("oracle", "oracle")),
        ("null", "null", ("null", "null")),
    ],
)
def test_agent_and_model_resolve(agent, model, expected):
    assert resolve(agent, model) == expected


@pytest.mark.parametrize(
    "agent,model,message",
    [
        ("nope", "openai/x", "unknown agent 'nope'; available: bash, oracle, null"),
        ("bash", None, "--agent bash needs --model"),
        (None, None, "--agent bash needs --model"),
        ("oracle", "openai/x", "--agent oracle uses no model"),
        ("bash", "oracle", "oracle is an agent, not a model"),
        ("claude-code", None, "--agent claude-code needs --model"),
        ("claude-code", "openai/gpt-x", "cannot speak to the 'openai' provider: use --model anthropic/<name>"),
        ("claude-code", "replay/x.json", "cannot speak to the 'replay' provider"),
        ("mini-swe-agent", "anthropic/claude-x", "cannot speak to the 'anthropic' provider: use --model openai/<name>"),
        ("aider", "local/smollm2", "cannot speak to the 'local' provider: use --model openai/<name>"),
        ("aider", None, "--agent aider needs --model"),
    ],
)
def test_impossible_combinations_say_why(agent, model, message):
    with pytest.raises(AgentError, match=message):
        resolve(agent, model)


def test_registry_names_every_agent():
    assert list(REGISTRY) == ["bash", "oracle", "null", "claude-code", "codex", "mini-swe-agent", "aider"]
    assert [e.needs_model for e in REGISTRY.values()] == [True, False, False, True, True, True, True]
    assert REGISTRY["claude-code"].providers == ("anthropic",)
    assert REGISTRY["codex"].providers == ("openai",) and REGISTRY["codex"].installs_skills
    assert REGISTRY["mini-swe-agent"].providers == REGISTRY["aider"].providers == ("openai",)


@pytest.mark.parametrize(
    "args,message",
    [
        (["--agent", "nope"], "unknown agent 'nope'"),
        (["--agent", "oracle", "--model", "openai/x"], "uses no model"),
        (["--agent", "bash"], "needs --model"),
        (["--agent", "claude-code", "--model", "openai/x"], "cannot speak to the 'openai' provider"),
        (["--agent", "codex", "--model", "anthropic/x"], "cannot speak to the 'anthropic' provider"),
    ],
)
def test_the_cli_refuses_an_impossible_agent_before_any_work(tmp_path, args, message):
    env = {"EVALRUN_TASKS_DIR": str(FIXTURES), "EVALRUN_RESULTS_DIR": str(tmp_path / "results")}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 2 and message in " ".join(result.output.split())
    assert not (tmp_path / "results").exists()


def test_a_reply_is_one_command_a_final_report_or_a_format_error():
    assert parse_reply("Let me look.\n```bash\nls -la\n```") == "ls -la"
    assert parse_reply("All done: the fix is in app/pricing.py.") is None
    with pytest.raises(FormatError, match="2 command blocks") as two:
        parse_reply("```bash\nls\n```\n```bash\npwd\n```")
    assert two.value.blocks == 2
    with pytest.raises(FormatError, match="empty reply"):
        parse_reply("   ")
    with pytest.raises(FormatError, match="1 command blocks"):
        parse_reply("```bash\n\n```")


class Recorder:
    """A sandbox that runs nothing and remembers the commands."""

    def __init__(self):
        self.commands = []

    def exec(self, command, timeout=120, **kwargs):
        self.commands.append(command)
        return ExecResult(0, "ok", 0.0)


def run_bash_agent(tmp_path, replies, budget=Budget(10, 60, 10)):
    replay = tmp_path / "replay.json"
    replay.write_text(json.dumps({"responses": replies}))
    task = load_task(FIXTURES / "mini-discount")
    trajectory = Trajectory(task.id, "replay", "baseline", 1)
    box = Recorder()
    BashAgent(get_model(f"replay/{replay}"), Prompts(), "").run(task, box, budget, trajectory, tmp_path / "t.json")
    return trajectory, [c for c in box.commands if not c.startswith("git status")]


def test_the_bash_agent_runs_commands_then_submits(tmp_path):
    trajectory, commands = run_bash_agent(tmp_path, ["```bash\nls\n```", "Bad\n```\n```", "Nothing to change."])
    assert commands == ["ls"] and trajectory.exit_status == SUBMITTED
    assert [s.command for s in trajectory.steps] == ["ls", None, None]
    assert trajectory.steps[1].format_error == "1 command blocks"  # one block, and it is empty
    assert trajectory.final_report == "Nothing to change."
    assert Trajectory.load(tmp_path / "t.json").exit_status == SUBMITTED


def test_three_malformed_replies_in_a_row_end_the_episode(tmp_path):
    trajectory, commands = run_bash_agent(tmp_path, ["```bash\nls\n```\n```bash\npwd\n```"] * 5)
    assert commands == [] and trajectory.exit_status == FORMAT_ERROR and len(trajectory.steps) == 3
    assert trajectory.error == "3 malformed replies in a row"


def test_the_null_agent_changes_nothing(tmp_path):
    task = load_task(FIXTURES / "mini-discount")
    trajectory = Trajectory(task.id, "null", "baseline", 1)
    box = Recorder()
    NullAgent().run(task, box, Budget(1, 1, 1), trajectory, tmp_path / "t.json")
    assert box.commands == [] and trajectory.exit_status == REFERENCE and trajectory.final_report


def test_a_run_recorded_before_agent_was_in_the_config_resumes(tmp_path):
    from harness.prompts import make_condition
    from harness.runner import RunSpec, make_config, prepare_run_dir

    task = load_task(FIXTURES / "mini-discount")
    spec = RunSpec("h-seams-old", "oracle", make_condition(False, None, False))
    config = make_config(spec, [task], Prompts())
    assert config["agent"] == "oracle"
    old = {k: v for k, v in config.items() if k != "agent"}
    (tmp_path / "config.json").write_text(json.dumps(old))
    assert prepare_run_dir(tmp_path, config) is True
