"""The Chat Completions bridge (harness/agents/chat_bridge.py) and the mini-swe-agent transcript
reader, without Docker: what the relay would send, over the bridge's Unix socket, answered by the
host's openai/<name> provider (OpenAIModel.relay_chat) against a scripted server; its SSE read back
by the official OpenAI SDK's stream parser; a refusal is OpenAI's error JSON with a 400."""

from __future__ import annotations

import json

import openai
from fake_chat import FakeChat, completion
from fake_http import FakeHTTPServer
from test_model_bridge import post

from harness.agents import miniswe
from harness.agents.bridge import ModelCall, Refused
from harness.agents.chat_bridge import CHAT_PATH, ChatCompletionsBridge, chat_sse
from harness.models import get_model
from harness.trajectory import FORMAT_ERROR, STEP_LIMIT, Trajectory, Usage

KEY = "sk-PLANTED-chat-bridge-secret"
REPLY = {"content": "Reading.", "tool_calls": [("bash", {"command": "cat app/money.py"})]}


class SSEServer(FakeHTTPServer):
    def respond(self, path, headers, raw):
        return {"body": chat_sse(completion(1, "m", REPLY)), "content_type": "text/event-stream"}


def test_the_chunk_stream_is_what_the_sdk_reads_back_as_the_same_reply():
    server = SSEServer()
    try:
        client = openai.OpenAI(api_key="x", base_url=f"http://127.0.0.1:{server.port}/v1", max_retries=0)
        stream = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], stream=True)
        chunks = list(stream)
    finally:
        server.close()
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    calls = [t for c in chunks if c.choices for t in c.choices[0].delta.tool_calls or []]
    finish = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert content == "Reading." and finish == ["tool_calls"]
    assert [(t.id, t.function.name, json.loads(t.function.arguments)) for t in calls] == [
        ("call_01_0", "bash", {"command": "cat app/money.py"})
    ]
    assert chunks[-1].usage.prompt_tokens == 1010 and chunks[-1].usage.completion_tokens == 50


def test_a_request_goes_to_the_provider_with_its_model_and_key_and_is_recorded(monkeypatch):
    server = FakeChat([REPLY], "Done.")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("EVALRUN_OPENAI_BASE_URL", f"http://127.0.0.1:{server.port}/v1")
    model = get_model("openai/gpt-host")
    bridge = ChatCompletionsBridge(model.relay_chat)
    tools = [{"type": "function", "function": {"name": "bash", "parameters": {"type": "object"}}}]
    request = {"model": "openai/whatever", "messages": [{"role": "user", "content": "hi"}], "tools": tools}
    try:
        status, kind, data = post(bridge, request, CHAT_PATH)
        again, streamed_kind, streamed = post(bridge, {**request, "stream": True}, CHAT_PATH)
    finally:
        bridge.close()
        server.close()
    assert (status, kind) == (200, "application/json") and again == 200 and streamed_kind == "text/event-stream"
    reply = json.loads(data)
    assert reply["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "bash"
    assert streamed.endswith(b"data: [DONE]\n\n")
    (headers, sent), _ = server.requests
    assert sent["model"] == "gpt-host" and sent["tools"] == tools and "stream" not in sent
    assert headers["authorization"] == f"Bearer {KEY}"
    assert bridge.calls[0].usage == Usage(1010, 50, None) and bridge.calls[0].response == reply


def test_a_refusal_is_an_openai_error_with_a_400_and_other_paths_a_404():
    def refuse():
        raise Refused(STEP_LIMIT, "evalrun: the step limit (1 model calls) is reached")

    bridge = ChatCompletionsBridge(lambda body, headers: ({}, Usage(), 0.0), admit=refuse)
    try:
        status, _, data = post(bridge, {"messages": []}, CHAT_PATH)
        missing, _, _ = post(bridge, {"messages": []}, "/v1/messages")
    finally:
        bridge.close()
    assert status == 400 and json.loads(data)["error"]["message"].startswith("evalrun: the step limit")
    assert missing == 404 and bridge.ended == STEP_LIMIT


def test_a_miniswe_transcript_becomes_steps_with_outputs_format_errors_and_the_report():
    """miniswe.fill: a command with its tool result, a reply the CLI rejected (no tool call), the
    submission; the files changed after a call go to its last command."""
    trajectory_json = {
        "info": {"mini_version": "2.4.6", "exit_status": "Submitted"},
        "messages": [
            {"role": "system", "content": "S"},
            {"role": "user", "content": "task"},
            {
                "role": "assistant",
                "content": "Fixing.",
                "extra": {"actions": [{"command": "sed -i s/a/b/ app/x.py && pytest", "tool_call_id": "c1"}]},
            },
            {
                "role": "tool",
                "tool_call_id": "c1",
                "content": "{...}",
                "extra": {"raw_output": "1 failed", "returncode": 1},
            },
            {
                "role": "user",
                "content": "Tool call error: no tool calls",
                "extra": {"interrupt_type": "FormatError", "response": {"choices": [{"message": {"content": "hmm"}}]}},
            },
            {
                "role": "assistant",
                "content": "All done: it works.",
                "extra": {"actions": [{"command": "echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT", "tool_call_id": "c2"}]},
            },
            {"role": "exit", "content": "", "extra": {"exit_status": "Submitted", "submission": ""}},
        ],
    }
    calls = [
        ModelCall(
            i, CHAT_PATH, {"messages": [{"role": "system", "content": "S"}]}, {"choices": []}, usage=Usage(i + 1, 1)
        )
        for i in range(3)
    ]
    trajectory = Trajectory("t", "m", "skill", 1)
    status = miniswe.fill(trajectory, json.dumps(trajectory_json), calls, {0: ["app/x.py"]}, True)
    fix, rejected, final = trajectory.steps
    assert status is None and trajectory.final_report == "All done: it works."
    assert (fix.command, fix.exit_code, fix.output, fix.changed_files) == (
        "sed -i s/a/b/ app/x.py && pytest",
        1,
        "1 failed",
        ["app/x.py"],
    )
    assert fix.response == "Fixing." and fix.usage == Usage(1, 1)
    assert (
        rejected.format_error.startswith("Tool call error") and rejected.response == "hmm" and rejected.command is None
    )
    assert final.command is None and final.response == "All done: it works." and final.usage == Usage(3, 1)
    assert trajectory.agent["skill_read"] is False and trajectory.agent["cli_version"] == "2.4.6"
    assert [s.index for s in trajectory.steps] == [0, 1, 2]

    trajectory_json["info"]["exit_status"] = "RepeatedFormatError"
    again = Trajectory("t", "m", "skill", 1)
    assert miniswe.fill(again, json.dumps(trajectory_json), calls, {}, False)[0] == FORMAT_ERROR
