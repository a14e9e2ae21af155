"""The model bridge (harness/agents/bridge.py) without Docker: what the relay would send, over the
bridge's Unix socket. Its SSE is read back by the official Anthropic SDK's stream parser; a request
over budget, a provider that gave up, a path it does not serve and a misconfigured model each get a
clean non-retryable error, and the bridge keeps why."""

from __future__ import annotations

import http.client
import json
import socket

import anthropic
import pytest
from fake_http import FakeHTTPServer

from harness.agents.bridge import SOCKET_NAME, MessagesBridge, Refused, sse
from harness.models import ModelConfigError, ModelUnavailableError
from harness.trajectory import INFRA_ERROR, STEP_LIMIT, Usage

MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude-test",
    "content": [
        {"type": "thinking", "thinking": "look first", "signature": "sig"},
        {"type": "text", "text": "Reading the file."},
        {"type": "tool_use", "id": "toolu_1", "name": "Read", "input": {"file_path": "/repo/app/money.py"}},
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {"input_tokens": 12, "output_tokens": 7},
}


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("relay")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def post(bridge: MessagesBridge, body: dict, path: str = "/v1/messages") -> tuple[int, str, bytes]:
    connection = UnixConnection(str(bridge.folder / SOCKET_NAME))
    connection.request("POST", path, json.dumps(body), {"content-type": "application/json"})
    response = connection.getresponse()
    return response.status, response.getheader("content-type"), response.read()


class SSEServer(FakeHTTPServer):
    def respond(self, path, headers, raw):
        return {"body": sse(MESSAGE), "content_type": "text/event-stream"}


def test_the_sse_stream_is_what_the_sdk_reads_back_as_the_same_message():
    server = SSEServer()
    try:
        client = anthropic.Anthropic(api_key="x", base_url=f"http://127.0.0.1:{server.port}", max_retries=0)
        hello = [{"role": "user", "content": "hi"}]
        with client.messages.stream(model="claude-test", max_tokens=10, messages=hello) as stream:
            final = stream.get_final_message()
    finally:
        server.close()
    got = final.model_dump(mode="json", exclude_none=True)
    assert got["content"] == MESSAGE["content"] and got["stop_reason"] == "tool_use"
    assert got["usage"]["input_tokens"] == 12 and got["usage"]["output_tokens"] == 7


def test_a_request_is_answered_by_the_provider_and_recorded():
    seen = []

    def relay(body, headers):
        seen.append((body, headers.get("anthropic-beta")))
        return MESSAGE, Usage(12, 7, 0.001), 0.25

    bridge = MessagesBridge(relay)
    try:
        status, kind, data = post(bridge, {"model": "m", "messages": [], "stream": False})
        assert (status, kind, json.loads(data)) == (200, "application/json", MESSAGE)
        status, kind, data = post(bridge, {"model": "m", "messages": [], "stream": True})
        assert status == 200 and kind == "text/event-stream" and data == sse(MESSAGE)
    finally:
        bridge.close()
    assert [call.usage for call in bridge.calls] == [Usage(12, 7, 0.001)] * 2
    assert bridge.calls[0].latency_sec == 0.25 and bridge.calls[0].bridge_sec >= 0.0
    assert not bridge.folder.exists()  # the socket folder goes with the bridge


def refuse():
    raise Refused(STEP_LIMIT, "evalrun: the step limit (1 model calls) is reached")


@pytest.mark.parametrize(
    "admit,relay,ended,fatal",
    [
        (refuse, lambda b, h: (MESSAGE, Usage(), 0.0), STEP_LIMIT, False),
        (lambda: None, lambda b, h: (_ for _ in ()).throw(ModelUnavailableError("gave up")), INFRA_ERROR, False),
        (lambda: None, lambda b, h: (_ for _ in ()).throw(ModelConfigError("bad key")), INFRA_ERROR, True),
    ],
    ids=["over-budget", "provider-gave-up", "misconfigured"],
)
def test_a_refused_request_ends_the_session_with_a_clean_400(admit, relay, ended, fatal):
    bridge = MessagesBridge(relay, admit=admit)
    try:
        status, _, data = post(bridge, {"model": "m", "messages": [], "stream": True})
        again, _, _ = post(bridge, {"model": "m", "messages": [], "stream": True})
    finally:
        bridge.close()
    assert status == again == 400 and json.loads(data)["type"] == "error"  # 400: Claude Code does not retry
    assert bridge.ended == ended and (bridge.fatal is not None) == fatal
    assert all(call.response is None for call in bridge.calls)


def test_other_paths_are_not_served():
    bridge = MessagesBridge(lambda b, h: (MESSAGE, Usage(), 0.0))
    try:
        status, _, _ = post(bridge, {}, "/v1/messages/count_tokens")
    finally:
        bridge.close()
    assert status == 404 and bridge.calls[0].error and bridge.ended is None


def test_a_transcript_becomes_steps_with_their_exit_codes_usage_and_changed_files():
    """claude_code.fill: one model call asking for two tools (a Bash `sed -i` and an Edit) in one
    message; the files changed before the next call go to the Edit that names its file and to the Bash
    call (the rest); a failed command's "Exit code N"; the final answer and the CLI's result."""
    from harness.agents import claude_code
    from harness.agents.bridge import ModelCall
    from harness.trajectory import Trajectory

    def line(kind, **data):
        return json.dumps({"type": kind, **data})

    tools = [
        {"type": "tool_use", "id": "t1", "name": "Bash", "input": {"command": "sed -i s/a/b/ app/x.py"}},
        {"type": "tool_use", "id": "t2", "name": "Edit", "input": {"file_path": "/repo/app/y.py"}},
    ]
    transcript = "\n".join(
        [
            line("system", subtype="init"),
            line(
                "assistant",
                parent_tool_use_id=None,
                message={"id": "m1", "content": [{"type": "text", "text": "Both."}]},
            ),
            line("assistant", parent_tool_use_id=None, message={"id": "m1", "content": tools}),
            line(
                "user",
                message={"content": [{"type": "tool_result", "tool_use_id": "t1", "content": "Exit code 2\nno"}]},
            ),
            line("user", message={"content": [{"type": "tool_result", "tool_use_id": "t2", "content": "ok"}]}),
            line(
                "assistant",
                parent_tool_use_id=None,
                message={"id": "m2", "content": [{"type": "text", "text": "Done."}]},
            ),
            line(
                "assistant", parent_tool_use_id=None, message={"id": "cli", "content": [{"type": "text", "text": "x"}]}
            ),
            line("result", result="Done.", is_error=False),
            '{"type": "assistant", "cut sho',
        ]
    )
    calls = [
        ModelCall(
            0, "/v1/messages", {"system": "S", "messages": []}, {"id": "m1", "content": tools}, usage=Usage(5, 1)
        ),
        ModelCall(1, "/v1/messages", {"messages": [{"role": "user"}]}, {"id": "m2", "content": []}, usage=Usage(7, 2)),
    ]
    trajectory = Trajectory("t", "m", "skill", 1)
    claude_code.fill(trajectory, transcript, calls, {0: ["app/x.py", "app/y.py"], 1: []}, "inline")
    bash, edit, final = trajectory.steps
    assert (bash.command, bash.exit_code, bash.changed_files) == ("sed -i s/a/b/ app/x.py", 2, ["app/x.py"])
    assert (edit.tool, edit.exit_code, edit.changed_files) == ("Edit", 0, ["app/y.py"])
    assert bash.response.startswith("Both.") and bash.usage == Usage(5, 1) and edit.usage == Usage()
    assert final.tool is None and final.response == "Done." and final.usage == Usage(7, 2)
    assert trajectory.final_report == "Done." and trajectory.agent["skill_read"] is False
    assert [s.index for s in trajectory.steps] == [0, 1, 2]


def test_a_cli_that_hangs_up_before_its_answer_prints_no_traceback(capsys):
    import threading
    import time

    answering = threading.Event()

    def relay(body, headers):  # the provider is slow; the CLI is killed meanwhile
        answering.set()
        time.sleep(0.3)
        return MESSAGE, Usage(), 0.0

    bridge = MessagesBridge(relay)
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.connect(str(bridge.folder / SOCKET_NAME))
        body = json.dumps({"model": "m", "messages": [], "stream": False}).encode()
        sock.sendall(b"POST /v1/messages HTTP/1.1\r\ncontent-length: %d\r\n\r\n" % len(body) + body)
        assert answering.wait(5)
        sock.close()
        time.sleep(0.6)  # the handler writes its answer to the closed socket
        status, _, _ = post(bridge, {"model": "m", "messages": [], "stream": False})
        assert status == 200  # the bridge still serves
    finally:
        bridge.close()
    assert "Traceback" not in capsys.readouterr().err
