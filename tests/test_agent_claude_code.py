"""`--agent claude-code` end to end (issue 14): the real Claude Code binary (from the pinned
claude-agent-sdk wheel, cached by harness.agents.claude_code.install) in the real task container,
its model calls carried by evalrun's bridge to a scripted Anthropic-compatible server on 127.0.0.1.

The scripted session on orders-discount-half-cent: Read the failing code, run pytest, fix it with
the Edit tool, run pytest, search the container for the API key, final report. The trial must be
graded and scored like any other, and the key (planted in evalrun's environment, sent by the host's
provider to the fake server) must never be inside the container.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from agent_cli import assert_graded_and_scored, assert_key_not_in_results, run_agent
from fake_http import ScriptedServer

from harness import agents, paths
from harness.agents import claude_code
from harness.agents.bridged import CALLS_FILE
from harness.trajectory import SUBMITTED

pytestmark = pytest.mark.docker
KEY = "sk-ant-PLANTED-5e1f0c9a7b2d4c8e9f10-secret"
MONEY = "/repo/app/money.py"
HUNT = (
    "(env; cat /proc/1/environ | tr '\\0' '\\n'; grep -rl 'sk-ant-PLANTED' /home/agent /opt /tmp /repo 2>/dev/null)"
    " | grep -c 'sk-ant-PLANTED'; echo searched"
)
REPORT = (
    "Fixed: `percent_of` in app/money.py now rounds half a cent up (ROUND_HALF_UP), as the README's "
    "rounding policy says, so a 10 % discount on 2005 cents is 201. I ran `python -m pytest -q` after "
    "the change and all tests pass."
)


def tool(name: str, **arguments) -> dict:
    return {"name": name, "input": arguments}


SESSION = [
    tool("Read", file_path=MONEY),
    tool("Bash", command="python -m pytest -q", description="Run the tests"),
    tool(
        "Edit",
        file_path=MONEY,
        old_string="from decimal import Decimal",
        new_string="from decimal import ROUND_HALF_UP, Decimal",
    ),
    tool(
        "Edit",
        file_path=MONEY,
        old_string="return int(exact.quantize(_WHOLE_CENT))",
        new_string="return int(exact.quantize(_WHOLE_CENT, rounding=ROUND_HALF_UP))",
    ),
    tool("Bash", command="python -m pytest -q", description="Run the tests again"),
    tool("Bash", command=HUNT, description="Look for the key"),
]


class FakeAnthropic(ScriptedServer):
    """Answers POST /v1/messages (not streamed: the bridge asks without streaming) with the next
    scripted tool call, chosen by how many tool results the conversation holds; then the report."""

    ROUTE = "/v1/messages"

    def __init__(self, session: list[dict] = SESSION, report: str = REPORT, hang_at: int | None = None):
        super().__init__(hang_at)
        self.session, self.report = session, report

    def not_found(self, path: str) -> dict:
        return {"type": "error", "error": {"type": "not_found_error", "message": path}}

    def reply(self, body: dict, number: int) -> dict:
        done = sum(
            1
            for message in body["messages"]
            if message["role"] == "user" and isinstance(message["content"], list)
            for block in message["content"]
            if block.get("type") == "tool_result"
        )
        if done < len(self.session):
            step = self.session[done]
            content = [{"type": "tool_use", "id": f"toolu_{done:02d}", **step}]
            stop = "tool_use"
        else:
            content, stop = [{"type": "text", "text": self.report}], "end_turn"
        message = {
            "id": f"msg_{number:03d}",
            "type": "message",
            "role": "assistant",
            "model": body["model"],
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {"input_tokens": 1000 + 10 * number, "output_tokens": 50},
        }
        return message


@pytest.fixture(scope="module")
def installed() -> Path:
    return claude_code.install()  # downloads the wheel once into evalrun's cache


def evalrun(tmp_path: Path, server: FakeAnthropic, run_id: str, *extra: str):
    env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{server.port}"}
    return run_agent(tmp_path, server, run_id, "claude-code", "anthropic/claude-test", env, *extra)


def test_claude_code_trial_is_graded_and_scored_and_the_key_stays_out(tmp_path, installed):
    server = FakeAnthropic()
    run, record, trajectory = evalrun(tmp_path, server, "h-cli-claude-code")
    assert trajectory.exit_status == SUBMITTED, trajectory.error

    # The CLI really ran the session: every scripted call reached the fake provider through the
    # bridge with the real key, and the skill went into Claude Code's own system prompt (inline).
    assert len(server.requests) == len(SESSION) + 1
    sent = [h.get("x-api-key") or h.get("authorization", "").removeprefix("Bearer ") for h, _ in server.requests]
    assert sent == [KEY] * len(server.requests)
    skill = paths.bundled_skill().read_text()
    system = json.dumps(server.requests[0][1].get("system"))
    assert json.dumps(skill.strip())[1:-1][:200] in system
    assert {"name": "claude-code", "version": claude_code.cli_version(installed)}.items() <= trajectory.agent.items()
    assert trajectory.agent["skill_mode"] == "inline" and trajectory.agent["model_calls"] == len(SESSION) + 1

    # One step per tool call, as the transcript says, with the files each one changed.
    tools = [step.tool for step in trajectory.steps]
    assert tools == [s["name"] for s in SESSION] + [None]
    read, first_test, edit1, edit2, last_test, hunt, final = trajectory.steps
    assert read.exit_code == 0 and "def percent_of" in read.output
    assert first_test.command == "python -m pytest -q" and "passed" in first_test.output
    assert edit1.changed_files == ["app/money.py"] and edit2.changed_files == ["app/money.py"]
    assert read.changed_files == first_test.changed_files == last_test.changed_files == []
    assert last_test.exit_code == 0 and " passed" in last_test.output
    assert final.response == REPORT and trajectory.final_report == REPORT
    assert sum(step.usage.input_tokens for step in trajectory.steps) == record.input_tokens > 0

    # Graded and scored like any other trial.
    assert_graded_and_scored(record)

    # The key never entered the container: the agent's own search found nothing.
    assert hunt.output.split() == ["0", "searched"], hunt.output
    assert all(KEY not in (step.output or "") for step in trajectory.steps)
    # Nor is it anywhere in the results (the bridge's record of every call included).
    assert_key_not_in_results(tmp_path, run, record, KEY, len(SESSION) + 1)


def test_an_installed_skill_is_discovered_and_a_skill_call_marks_it_read(tmp_path, installed, monkeypatch):
    """installed delivery: the skill folder goes to ~/.claude/skills/backend/, not into the prompt;
    Claude Code lists it to the model, and the scripted Skill call loads it (skill_read).
    (The runner's condition carries only the skill's text today, so the mode is set on the registry
    entry here; the skill-conditions work passes it through AgentSetup.)"""
    entry = agents.REGISTRY["claude-code"]

    def build(setup):
        return claude_code.ClaudeCodeAgent(setup.model, setup.prompts, setup.guidance, skill_mode=claude_code.INSTALLED)

    monkeypatch.setitem(agents.REGISTRY, "claude-code", dataclasses.replace(entry, build=build))
    report = "I loaded the backend skill and stopped there: nothing is fixed yet, and I ran no tests."
    server = FakeAnthropic([tool("Skill", skill="backend")], report)
    run, record, trajectory = evalrun(tmp_path, server, "h-cli-claude-code-installed")
    assert trajectory.exit_status == SUBMITTED, trajectory.error
    skill = paths.bundled_skill().read_text()
    first = json.dumps(server.requests[0][1])
    assert "backend" in first and "Working discipline for backend" in first  # listed to the model
    assert skill.split("---", 2)[2].strip()[:300] not in first  # but its body is not in the prompt
    skill_step, final = trajectory.steps
    assert skill_step.tool == "Skill" and skill_step.exit_code == 0, skill_step.output
    loaded = json.dumps(server.requests[1][1]["messages"])
    assert json.dumps(skill.split("---", 2)[2].strip()[:200])[1:-1] in loaded  # the Skill call loaded it
    assert trajectory.agent["skill_mode"] == "installed" and trajectory.agent["skill_read"] is True
    assert trajectory.final_report == report and record.resolved is False


def test_the_step_limit_ends_the_cli_session_cleanly(tmp_path, installed):
    """--max-steps 3: the bridge answers the 4th model call with a non-retryable error; Claude Code
    stops (no retry storm, no hang) and the trial is recorded as step_limit, graded, not an infra error."""
    server = FakeAnthropic()
    run, record, trajectory = evalrun(tmp_path, server, "h-cli-claude-code-steps", "--max-steps", "3")
    assert trajectory.exit_status == "step_limit" and record.exit_status == "step_limit"
    assert len(server.requests) == 3  # the refused call never reached the provider
    calls = [json.loads(line) for line in run.file(record, "trajectory").with_name(CALLS_FILE).open()]
    statuses = [call["status"] for call in calls]
    # Claude Code retries a 400 a few times at once, then gives up: every retry is refused too.
    assert statuses[:3] == [200] * 3 and set(statuses[3:]) == {400} and 1 <= len(statuses[3:]) <= 12, statuses
    assert calls[-1]["started_at"] - calls[3]["started_at"] < 10
    assert [step.tool for step in trajectory.steps] == ["Read", "Bash", "Edit"]
    assert trajectory.final_report is None and record.verdict is not None and record.resolved is False


def test_a_session_that_hangs_ends_at_the_time_limit(tmp_path, installed):
    """The provider never answers the 3rd call: the CLI waits on the bridge, the trial's time limit
    kills it (the agent never blocks past it), and the trial is time_limit with the steps it made."""
    server = FakeAnthropic(hang_at=3)
    run, record, trajectory = evalrun(tmp_path, server, "h-cli-claude-code-hang", "--time-limit", "40")
    assert trajectory.exit_status == "time_limit" and record.error_category is None
    assert [step.tool for step in trajectory.steps] == ["Read", "Bash"]
    assert trajectory.ended_at - trajectory.started_at < 40 + 30
