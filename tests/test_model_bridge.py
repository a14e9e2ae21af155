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
