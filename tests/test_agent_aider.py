"""`--agent aider` end to end (issue 14): the real aider CLI (the pinned PyPI release, installed by
harness.agents.pyinstall for the task containers' own Python) in the real task container, its model
calls carried by evalrun's Chat Completions bridge to a scripted OpenAI-compatible server.

The scripted session on orders-discount-half-cent, in aider's own terms: the model names the file
it needs (aider adds it to the chat: a read), replies with SEARCH/REPLACE blocks (aider applies
them: an edit, then runs its test command: `python -m pytest -q`), then answers evalrun's follow-up
with its final report. aider runs no command the model suggests (it declines them under
--yes-always), so the session has no test run before the edit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from agent_cli import assert_graded_and_scored, assert_key_not_in_results, openai_env, run_agent
from fake_chat import FakeChat

from harness import paths
from harness.agents import aider
from harness.agents.bridged import CALLS_FILE
from harness.trajectory import SUBMITTED

pytestmark = pytest.mark.docker
KEY = "sk-PLANTED-aider-8c2d41e7b09f4a6d9e35-secret"
ASK = "To fix the rounding I need to see the money helpers. Please add app/money.py to the chat."
EDIT = """Half a cent must round up, as the README's rounding policy says:

app/money.py
```python
<<<<<<< SEARCH
from decimal import Decimal
=======
from decimal import ROUND_HALF_UP, Decimal
>>>>>>> REPLACE
```

app/money.py
```python
<<<<<<< SEARCH
    return int(exact.quantize(_WHOLE_CENT))
=======
    return int(exact.quantize(_WHOLE_CENT, rounding=ROUND_HALF_UP))
>>>>>>> REPLACE
```
"""
REPORT = (
    "Fixed: `percent_of` in app/money.py now rounds half a cent up (ROUND_HALF_UP), as the README's "
    "rounding policy says. aider ran `python -m pytest -q` after the edit and the tests pass."
)


def scripted(body: dict, number: int) -> str:
    """The reply by what the conversation holds: the report when asked for it, the edit once the file
    is in the chat, else the request to add it."""
    users = [str(m.get("content") or "") for m in body.get("messages", []) if m.get("role") == "user"]
    if users and users[-1].startswith(aider.FOLLOW_UP):
        return REPORT
    if any("app/money.py\n```" in text and "def percent_of" in text for text in users):
        return EDIT
    return ASK


@pytest.fixture(scope="module")
def installed() -> Path:
    return aider.install()  # downloads the wheels and builds the venv once, in evalrun's cache


def evalrun(tmp_path: Path, server: FakeChat, run_id: str, *extra: str):
    env = {**openai_env(KEY, server), "NO_PROXY": "127.0.0.1,localhost"}
    return run_agent(tmp_path, server, run_id, "aider", "openai/gpt-test", env, *extra)


def test_aider_trial_is_graded_and_scored(tmp_path, installed):
    server = FakeChat(pick=scripted)
    run, record, trajectory = evalrun(tmp_path, server, "h-pyagents-aider")
    assert trajectory.exit_status == SUBMITTED, trajectory.error

    # The CLI ran the session through the bridge with the real key; the skill is in aider's system
    # prompt (inline: its system_prompt_prefix).
    assert len(server.requests) == 3
    assert [h.get("authorization") for h, _ in server.requests] == [f"Bearer {KEY}"] * 3
    first = server.requests[0][1]
    assert first["model"] == "gpt-test" and "stream" not in first
    system = first["messages"][0]
    assert system["role"] == "system" and system["content"].startswith("Follow this guidance while you work:")
    assert "Act as an expert software developer" in system["content"]  # aider's own prompt after it
    skill = paths.bundled_skill().read_text()
    assert skill.strip()[:300] in system["content"]
    agent = trajectory.agent
    assert {
        "name": "aider",
        "version": aider.VERSION,
        "skill_mode": "inline",
        "model_calls": 3,
    }.items() <= agent.items()
    assert len(agent["system_prompt_sha256"]) == 64 and agent["skill_read"] is True

    # Steps: the read aider made for the model, its edit (with the file it changed), its test run
    # (output and exit code), the report.
    read, edit, test, final = trajectory.steps
    assert (read.tool, read.tool_input, read.response) == ("Read", {"file_path": "/repo/app/money.py"}, ASK)
    assert (edit.tool, edit.tool_input["file_path"], edit.changed_files) == (
        "Edit",
        "/repo/app/money.py",
        ["app/money.py"],
    )
    assert edit.response == EDIT.strip() or edit.response == EDIT
    assert test.command == aider.TEST_COMMAND and test.exit_code == 0 and " passed" in test.output
    assert read.changed_files == test.changed_files == []
    assert final.tool is None and final.command is None and trajectory.final_report == REPORT
    assert sum(step.usage.input_tokens for step in trajectory.steps) == record.input_tokens > 0

    # Graded and scored like any other trial; aider's own files are not part of the patch.
    assert_graded_and_scored(record)
    patch = run.file(record, "patch").read_text() if run.file(record, "patch").exists() else ""
    assert ".aider" not in patch and "app/money.py" in patch
    assert_key_not_in_results(tmp_path, run, record, KEY, 3)


def test_an_installed_skill_is_a_read_only_conventions_file_the_model_is_sent(tmp_path, installed):
    """installed delivery: ~/.skills/backend/SKILL.md, passed with --read: aider sends its text as a
    read-only file in the first request (not in the system prompt), which marks skill_read."""
    server = FakeChat(pick=lambda body, number: "I read the conventions and changed nothing; I ran no tests.")
    run, record, trajectory = evalrun(tmp_path, server, "h-pyagents-aider-installed", "--skill-mode", "installed")
    skill = paths.bundled_skill().read_text()
    body = skill.split("---", 2)[2].strip()
    first = server.requests[0][1]["messages"]
    assert body[:300] not in first[0]["content"]  # not the system prompt
    assert any(body[:300] in str(m.get("content")) for m in first[1:])  # a read-only file of the chat
    assert trajectory.agent["skill_mode"] == "installed" and trajectory.agent["skill_read"] is True
    assert trajectory.exit_status == SUBMITTED and record.resolved is False
    assert trajectory.final_report == "I read the conventions and changed nothing; I ran no tests."


def test_the_step_limit_ends_the_cli_session_cleanly(tmp_path, installed):
    """--max-steps 1: the bridge refuses aider's 2nd model call with a 400; aider gives up on that
    message (it does not retry a 400), gets evalrun's follow-up, is refused again, and reaches the end
    of its input: the trial is step_limit, graded, not an infra error, and never waits for input."""
    server = FakeChat(pick=scripted)
    run, record, trajectory = evalrun(tmp_path, server, "h-pyagents-aider-steps", "--max-steps", "1")
    assert trajectory.exit_status == "step_limit" and record.exit_status == "step_limit"
    assert len(server.requests) == 1
    calls = [json.loads(line) for line in run.file(record, "trajectory").with_name(CALLS_FILE).open()]
    assert calls[0]["status"] == 200 and {c["status"] for c in calls[1:]} == {400} and len(calls) <= 6
    assert [step.tool for step in trajectory.steps] == ["Read"]
    assert trajectory.final_report is None and record.verdict is not None
