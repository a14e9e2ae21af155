"""The Responses-API bridge (`--agent codex`, harness/agents/responses.py) and Codex's transcript
(harness/agents/codex.py), without Docker: the event stream is read back by the official OpenAI SDK
as the same response; a request is answered by the openai provider and recorded; other paths are not
served; `exec --json` events become steps; Codex's config is valid TOML; another provider is refused
before the run."""

from __future__ import annotations

import json
import tomllib

import openai
from fake_http import FakeHTTPServer
from test_model_bridge import post
from typer.testing import CliRunner

from harness.agents import codex
from harness.agents.bridge import ModelCall
from harness.agents.responses import ResponsesBridge, relay, responses_sse
from harness.cli import app
from harness.models import get_model
from harness.trajectory import Trajectory, Usage

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1700000000,
    "model": "gpt-test",
    "status": "completed",
    "output": [
        {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "opaque"},
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "Reading the file.", "annotations": []}],
        },
        {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "call_1",
            "name": "exec_command",
            "arguments": '{"cmd": "cat app/money.py"}',
            "status": "completed",
        },
    ],
    "parallel_tool_calls": False,
    "tool_choice": "auto",
    "tools": [],
    "usage": {
        "input_tokens": 12,
        "input_tokens_details": {"cached_tokens": 2},
        "output_tokens": 7,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 19,
    },
}


class SSEServer(FakeHTTPServer):
    def respond(self, path, headers, raw):
        return {"body": responses_sse(RESPONSE), "content_type": "text/event-stream"}


class JSONServer(FakeHTTPServer):
    def __init__(self):
        super().__init__()
        self.seen = []

    def respond(self, path, headers, raw):
        self.seen.append((path, headers, json.loads(raw)))
        return {"body": RESPONSE}


def test_the_event_stream_is_what_the_sdk_reads_back_as_the_same_response():
    server = SSEServer()
    try:
        client = openai.OpenAI(api_key="x", base_url=f"http://127.0.0.1:{server.port}/v1", max_retries=0)
        stream = client.responses.create(model="gpt-test", input="hi", stream=True)
        kinds, final = [], None
        for event in stream:
            kinds.append(event.type)
            if event.type == "response.completed":
                final = event.response
    finally:
        server.close()
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert kinds.count("response.output_item.done") == 3
    got = final.model_dump(mode="json", exclude_none=True)
    assert got["output"] == RESPONSE["output"] and got["usage"]["input_tokens"] == 12


def test_a_request_is_answered_by_the_openai_provider_and_recorded(monkeypatch):
    server = JSONServer()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-host-only")
    monkeypatch.setenv("EVALRUN_OPENAI_BASE_URL", f"http://127.0.0.1:{server.port}/v1")
    model = get_model("openai/gpt-test")
    bridge = ResponsesBridge(lambda body, headers: relay(model, body, headers))
    request = {"model": "codex-name", "instructions": "S", "input": [], "tools": [], "stream": True, "store": False}
    try:
        status, kind, data = post(bridge, request, "/v1/responses")
        missing, _, _ = post(bridge, {"model": "m", "messages": []}, "/v1/messages")
    finally:
        bridge.close()
        server.close()
    assert status == 200 and kind == "text/event-stream"
    completed = json.loads(data.decode().rstrip().rsplit("data: ", 1)[1])
    assert completed["type"] == "response.completed" and completed["response"]["output"] == RESPONSE["output"]
    path, headers, sent = server.seen[0]
    assert path == "/v1/responses" and headers["authorization"] == "Bearer sk-host-only"
    assert sent["model"] == "gpt-test" and "stream" not in sent and sent["instructions"] == "S"
    assert sent["store"] is False
    assert missing == 404 and len(server.seen) == 1
    assert bridge.calls[0].usage.input_tokens == 12 and bridge.calls[0].response["id"] == "resp_1"


SEEN = "Chunk ID: 1a\nWall time: 0.2 seconds\nProcess exited with code 1\nOriginal token count: 3\nOutput:\nF\n1 failed"


def line(kind: str, **data) -> str:
    return json.dumps({"type": kind, **data})


def test_exec_json_events_become_steps_with_exit_codes_usage_and_changed_files():
    """codex.fill: call 0 asks for a command that fails (its exit code from the event, the command as
    the model wrote it, not Codex's `/bin/bash -lc` wrapper; its output as the model saw it); call 1
    for an apply_patch and an `apply_patch` run through exec_command, whose changed files go to them
    by name and the rest to the command; call 2 answers. A tool the transcript has no event for gets
    the output Codex sent back."""
    first = {
        "output": [
            {"type": "function_call", "call_id": "c1", "name": "exec_command", "arguments": '{"cmd": "pytest -q"}'}
        ]
    }
    second = {
        "output": [
            {"type": "custom_tool_call", "call_id": "c2", "name": "apply_patch", "input": "*** Begin Patch ..."},
            {
                "type": "function_call",
                "call_id": "c3",
                "name": "exec_command",
                "arguments": json.dumps({"cmd": "apply_patch <<'EOF'\n*** Begin Patch\nEOF"}),
            },
            {"type": "function_call", "call_id": "c4", "name": "update_plan", "arguments": '{"plan": []}'},
        ]
    }
    final = {
        "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Done."}]}]
    }
    later = {
        "input": [
            {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "skill"}]},
            {"type": "function_call_output", "call_id": "c1", "output": SEEN},
            {"type": "custom_tool_call_output", "call_id": "c2", "output": "Exit code: 0\nOutput:\nSuccess."},
            {"type": "function_call_output", "call_id": "c4", "output": "Plan updated"},
        ]
    }
    calls = [
        ModelCall(0, "/v1/responses", {"instructions": "S", "input": later["input"][:1]}, first, usage=Usage(5, 1)),
        ModelCall(1, "/v1/responses", {"input": []}, second, usage=Usage(7, 2)),
        ModelCall(2, "/v1/responses", later, final, usage=Usage(9, 3)),
    ]
    transcript = "\n".join(
        [
            line("thread.started", thread_id="t"),
            line("item.completed", item={"type": "error", "message": "Model metadata for `x` not found."}),
            line("item.completed", item={"type": "command_execution", "command": "/bin/bash -lc 'pytest -q'",
                                          "aggregated_output": "1 failed", "exit_code": 1, "status": "failed"}),
            line("item.completed", item={"type": "file_change", "status": "completed",
                                          "changes": [{"path": "/repo/app/a.py", "kind": "update"}]}),
            line("item.completed", item={"type": "file_change", "status": "completed",
                                          "changes": [{"path": "/repo/app/b.py", "kind": "add"}]}),
            line("item.completed", item={"type": "agent_message", "text": "Done."}),
            line("turn.completed", usage={}),
            '{"type": "item.completed", "cut sho',
        ]
    )  # fmt: skip
    trajectory = Trajectory("t", "m", "skill", 1)
    codex.fill(trajectory, transcript, calls, {1: ["app/a.py", "app/b.py", "app/c.py"]}, "installed")
    test, patch, shell_patch, plan, answer = trajectory.steps
    # the output the model saw (the event's lost its start), without exec_command's header
    assert (test.command, test.exit_code, test.output, test.usage) == ("pytest -q", 1, "F\n1 failed", Usage(5, 1))
    assert (patch.tool, patch.command, patch.exit_code, patch.changed_files) == ("apply_patch", None, 0, ["app/a.py"])
    assert patch.output.endswith("Success.") and patch.usage == Usage(7, 2)
    assert (shell_patch.tool, shell_patch.tool_input["via"], shell_patch.changed_files) == (
        "apply_patch",
        "exec_command",
        ["app/b.py"],
    )
    assert (plan.tool, plan.output, plan.exit_code, plan.changed_files) == (
        "update_plan",
        "Plan updated",
        0,
        ["app/c.py"],
    )
    assert answer.tool is None and answer.response == "Done." and answer.usage == Usage(9, 3)
    assert trajectory.final_report == "Done." and trajectory.agent["skill_read"] is False
    assert trajectory.agent["warnings"] == ["Model metadata for `x` not found."]
    assert len(trajectory.agent["system_prompt_sha256"]) == 64
    assert [s.index for s in trajectory.steps] == [0, 1, 2, 3, 4]


def test_a_failed_turn_has_no_final_report():
    calls = [ModelCall(0, "/v1/responses", {"input": []}, {"output": []})]
    transcript = "\n".join(
        [
            line("item.completed", item={"type": "agent_message", "text": "Let me look."}),
            line("turn.failed", error={"message": "evalrun: the step limit (1 model calls) is reached"}),
        ]
    )
    trajectory = Trajectory("t", "m", "skill", 1)
    codex.fill(trajectory, transcript, calls, {}, None)
    assert trajectory.final_report is None and "step limit" in trajectory.agent["turn_error"]


def test_the_config_is_toml_that_points_every_call_at_the_relay():
    text = 'Rule one.\n"Quoted" \\ back\tslash\x01 — ünïcode'
    config = tomllib.loads(codex.config_toml("gpt-x", text))
    assert config["developer_instructions"] == text and config["model"] == "gpt-x"
    provider = config["model_providers"][config["model_provider"]]
    assert provider["base_url"] == f"http://127.0.0.1:{codex.PORT}/v1" and provider["wire_api"] == "responses"
    assert config["approval_policy"] == "never" and config["sandbox_mode"] == "danger-full-access"
    assert "developer_instructions" not in tomllib.loads(codex.config_toml("gpt-x"))


def test_another_provider_is_refused_before_the_run():
    result = CliRunner().invoke(app, ["--agent", "codex", "--model", "anthropic/claude-test", "--tasks", "x"])
    assert result.exit_code != 0
    assert "cannot speak to the 'anthropic' provider: use --model openai/<name>" in result.output
