"""The model bridge's overhead per call for the Responses API (`--agent codex`; docs/performance.md,
"Agent CLIs"). The sibling of scripts/bench_model_bridge.py (Anthropic Messages, claude-code).

    python scripts/bench_model_bridge_responses.py IMAGE [CALLS]

A fake OpenAI server on 127.0.0.1 (tests/fake_http.py) answers every call. Times CALLS calls made
directly from the host through the openai provider (harness.agents.responses.relay), then the same
calls made from inside a container of IMAGE (a task image) through the relay (harness/data/relay.py)
and the Responses bridge (harness/agents/responses.py), streamed as Codex asks. Prints p50 / p90 in
milliseconds as JSON.
"""

import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_model_bridge import ms  # noqa: E402
from fake_http import FakeHTTPServer  # noqa: E402

from harness.agents import claude_code  # noqa: E402
from harness.agents.responses import ResponsesBridge, relay  # noqa: E402
from harness.sandbox import Sandbox  # noqa: E402
from harness.tasks import Limits  # noqa: E402

REPLY = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1700000000,
    "model": "m",
    "status": "completed",
    "output": [
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "ok " * 200, "annotations": []}],
        }
    ],
    "parallel_tool_calls": False,
    "tool_choice": "auto",
    "tools": [],
    "usage": {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15},
}
BODY = {
    "model": "x",
    "instructions": "be brief",
    "input": [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi " * 2000}]}],
    "stream": True,
}
CLIENT = """
import http.client, json, sys, time
body, out = sys.stdin.read(), []
for _ in range({calls}):
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", {port})
    connection.request("POST", "/v1/responses", body, {{"content-type": "application/json"}})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    assert response.status == 200 and data.startswith(b"event: response.created"), data[:200]
    out.append(time.perf_counter() - started)
print(json.dumps(out))
"""


class Server(FakeHTTPServer):
    def respond(self, path, headers, raw):
        return {"body": REPLY}


def main(image: str, calls: int) -> dict:
    server = Server()
    os.environ["EVALRUN_OPENAI_BASE_URL"], os.environ["OPENAI_API_KEY"] = f"http://127.0.0.1:{server.port}/v1", "b"
    from harness.models import get_model

    model = get_model("openai/bench")
    direct = []
    for _ in range(calls):
        started = time.perf_counter()
        relay(model, BODY, {})
        direct.append(time.perf_counter() - started)
    bridge = ResponsesBridge(lambda body, headers: relay(model, body, headers))
    shutil.copy(claude_code.RELAY, bridge.folder / claude_code.RELAY.name)
    box = Sandbox.start(image, Limits(), run_id="h-codex-bench", mounts={str(bridge.folder): claude_code.BRIDGE_INSIDE})
    try:
        claude_code.start_relay(box)
        box.write_file("/home/agent/client.py", CLIENT.format(calls=calls, port=claude_code.PORT).encode())
        box.write_file("/home/agent/body.json", json.dumps(BODY).encode())
        result = box.exec("python3 /home/agent/client.py < /home/agent/body.json", timeout=600)
        if result.exit_code != 0:
            raise SystemExit(result.output[-2000:])
        bridged = json.loads(result.output.strip().splitlines()[-1])
    finally:
        box.close()
        bridge.close()
        server.close()
    own = [call.bridge_sec - call.latency_sec for call in bridge.calls]
    return {
        "calls": calls,
        "direct_p50_ms": ms(direct),
        "direct_p90_ms": ms(direct, 0.9),
        "bridged_p50_ms": ms(bridged),
        "bridged_p90_ms": ms(bridged, 0.9),
        "overhead_p50_ms": round(ms(bridged) - ms(direct), 2),
        "bridge_own_p50_ms": ms(own),
        "load_average": os.getloadavg()[0],
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100)))
