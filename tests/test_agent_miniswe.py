"""`--agent mini-swe-agent` end to end (issue 14): the real mini-swe-agent CLI (`mini`, from the
pinned PyPI release, installed by harness.agents.pyinstall for the task containers' own Python) in
the real task container, its model calls carried by evalrun's Chat Completions bridge to a scripted
OpenAI-compatible server on 127.0.0.1.

The scripted session on orders-discount-half-cent: read the failing code, run pytest, fix it with
sed, run pytest, search the container for the API key, submit with a final report. The trial must
be graded and scored like any other, and the key (planted in evalrun's environment, sent by the
host's provider to the fake server) must never be inside the container.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from agent_cli import assert_graded_and_scored, assert_key_not_in_results, openai_env, run_agent
from fake_chat import FakeChat

from harness import paths
from harness.agents import miniswe
from harness.agents.bridged import CALLS_FILE
from harness.trajectory import SUBMITTED

pytestmark = pytest.mark.docker
KEY = "sk-PLANTED-miniswe-4b7e21d09a3c4f5e8d61-secret"
HUNT = (
    "(env; cat /proc/1/environ | tr '\\0' '\\n';"
    " grep -rl 'sk-PLANTED' /home/agent /opt/evalrun/bridge /opt/venv/bin /tmp /repo /etc 2>/dev/null)"
    " | grep -c 'sk-PLANTED'; echo searched"
)
FIX = (
    "sed -i -e 's/^from decimal import Decimal$/from decimal import ROUND_HALF_UP, Decimal/'"
    " -e 's/exact.quantize(_WHOLE_CENT))/exact.quantize(_WHOLE_CENT, rounding=ROUND_HALF_UP))/' app/money.py"
)
REPORT = (
    "Fixed: `percent_of` in app/money.py now rounds half a cent up (ROUND_HALF_UP), as the README's "
    "rounding policy says, so a 10 % discount on 2005 cents is 201. I ran `python -m pytest -q` after "
    "the change and all tests pass."
)
SUBMIT = f"echo {miniswe.SENTINEL}"


def bash(text: str, command: str) -> dict:
    return {"content": text, "tool_calls": [("bash", {"command": command})]}


# (The CLI's install under /opt/evalrun/agents is not searched: 370 MB, made before any key existed,
# mounted read-only; tests/test_security_secrets.py checks what is mounted.)
SESSION = [
    bash("I'll read the money module first.", "cat app/money.py"),
    bash("Now the tests.", "python -m pytest -q"),
    bash("Half a cent must round up: fix the quantize call.", FIX),
    bash("And the tests again.", "python -m pytest -q"),
    bash("Let me check the environment.", HUNT),
]
FINAL = bash(REPORT, SUBMIT)


@pytest.fixture(scope="module")
def installed() -> Path:
    return miniswe.install()  # downloads the wheels and builds the venv once, in evalrun's cache


def evalrun(tmp_path: Path, server: FakeChat, run_id: str, *extra: str):
    env = {**openai_env(KEY, server), "NO_PROXY": "127.0.0.1,localhost"}
    return run_agent(tmp_path, server, run_id, "mini-swe-agent", "openai/gpt-test", env, *extra)


def test_miniswe_trial_is_graded_and_scored_and_the_key_stays_out(tmp_path, installed):
    server = FakeChat(SESSION, FINAL)
    run, record, trajectory = evalrun(tmp_path, server, "h-pyagents-miniswe")
    assert trajectory.exit_status == SUBMITTED, trajectory.error

    # The CLI really ran the session: every scripted call reached the fake provider through the
    # bridge with the real key, and the skill went into mini-swe-agent's system template (inline).
    assert len(server.requests) == len(SESSION) + 1
    assert [h.get("authorization") for h, _ in server.requests] == [f"Bearer {KEY}"] * len(server.requests)
    first = server.requests[0][1]
    assert first["model"] == "gpt-test" and [t["function"]["name"] for t in first["tools"]] == ["bash"]
    system = first["messages"][0]
    assert system["role"] == "system" and system["content"].startswith("You are a helpful assistant")
    skill = paths.bundled_skill().read_text()
    assert skill.strip()[:300] in system["content"]
    assert miniswe.SENTINEL in first["messages"][1]["content"]  # the CLI's own instance template
    agent = trajectory.agent
    expected = {"name": "mini-swe-agent", "version": miniswe.VERSION, "cli_version": miniswe.VERSION}
    assert expected.items() <= agent.items()
    assert agent["skill_mode"] == "inline" and agent["model_calls"] == len(SESSION) + 1
    assert len(agent["system_prompt_sha256"]) == 64 and agent["skill_read"] is False

    # One step per bash action, with its output, exit code and the files it changed; then the report.
    read, first_test, fix, last_test, hunt, final = trajectory.steps
    assert read.command == "cat app/money.py" and "def percent_of" in read.output and read.exit_code == 0
    assert first_test.command == "python -m pytest -q" and first_test.exit_code == 0 and " passed" in first_test.output
    assert fix.command == FIX and fix.changed_files == ["app/money.py"]
    assert read.changed_files == first_test.changed_files == last_test.changed_files == []
    assert last_test.exit_code == 0 and " passed" in last_test.output
    assert final.command is None and final.response == REPORT and trajectory.final_report == REPORT
    assert sum(step.usage.input_tokens for step in trajectory.steps) == record.input_tokens > 0

    # Graded and scored like any other trial.
    assert_graded_and_scored(record)

    # The key never entered the container: the agent's own search found nothing.
    assert hunt.output.split() == ["0", "searched"], hunt.output
    assert_key_not_in_results(tmp_path, run, record, KEY, len(SESSION) + 1)


def test_an_installed_skill_is_listed_and_a_read_of_it_marks_skill_read(tmp_path, installed):
    """installed delivery: the skill folder goes to ~/.skills/backend/ and the system template lists
    it (name, description, path), without its body; the scripted `cat` of SKILL.md marks skill_read."""
    report = "I read the backend skill and stopped there: nothing is fixed yet, and I ran no tests."
    server = FakeChat([bash("The skill first.", "cat /home/agent/.skills/backend/SKILL.md")], bash(report, SUBMIT))
    run, record, trajectory = evalrun(tmp_path, server, "h-pyagents-miniswe-installed", "--skill-mode", "installed")
    assert trajectory.exit_status == SUBMITTED, trajectory.error
    skill = paths.bundled_skill().read_text()
    system = server.requests[0][1]["messages"][0]["content"]
    assert "/home/agent/.skills/backend/SKILL.md" in system and "backend" in system
    assert skill.split("---", 2)[2].strip()[:300] not in json.dumps(server.requests[0][1])  # not its body
    read, final = trajectory.steps
    assert read.exit_code == 0 and skill.split("---", 2)[2].strip()[:200] in read.output
    assert trajectory.agent["skill_mode"] == "installed" and trajectory.agent["skill_read"] is True
    assert trajectory.final_report == report and record.resolved is False


def test_the_step_limit_ends_the_cli_session_cleanly(tmp_path, installed):
    """--max-steps 3: the bridge refuses the 4th model call with a 400; mini-swe-agent stops at once
    (no retries inside the container) and the trial is step_limit, graded, not an infra error."""
    server = FakeChat(SESSION, FINAL)
    run, record, trajectory = evalrun(tmp_path, server, "h-pyagents-miniswe-steps", "--max-steps", "3")
    assert trajectory.exit_status == "step_limit" and record.exit_status == "step_limit"
    assert len(server.requests) == 3
    calls = [json.loads(line) for line in run.file(record, "trajectory").with_name(CALLS_FILE).open()]
    assert [call["status"] for call in calls] == [200, 200, 200, 400]
    assert [step.command for step in trajectory.steps] == ["cat app/money.py", "python -m pytest -q", FIX]
    assert trajectory.final_report is None and record.verdict is not None


def test_a_session_that_hangs_ends_at_the_time_limit(tmp_path, installed):
    """The provider never answers the 3rd call: the CLI waits on the bridge, the trial's time limit
    kills it (the agent never blocks past it), and the trial is time_limit with the steps it made."""
    # Two quick commands before the hang, so that a slow pytest on a loaded machine cannot use up
    # the time limit before the hanging call is reached (that would test nothing).
    quick = [SESSION[0], bash("And the tests folder.", "ls tests")]
    server = FakeChat(quick, FINAL, hang_at=3)
    run, record, trajectory = evalrun(tmp_path, server, "h-pyagents-miniswe-hang", "--time-limit", "40")
    assert trajectory.exit_status == "time_limit" and record.error_category is None
    assert len(server.requests) == 3  # the hanging call was made
    assert [step.command for step in trajectory.steps] == ["cat app/money.py", "ls tests"]
    assert trajectory.ended_at - trajectory.started_at < 40 + 30
