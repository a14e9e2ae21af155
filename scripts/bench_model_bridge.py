"""The model bridge's overhead per call (docs/performance.md, "Agent CLIs").

    python scripts/bench_model_bridge.py IMAGE [CALLS]

A fake Anthropic server on 127.0.0.1 (tests/fake_http.py) answers every call. Times CALLS calls
made directly from the host through the anthropic provider (AnthropicModel.relay), then the same
calls made from inside a container of IMAGE (a task image) through the relay (harness/data/relay.py)
and the bridge (harness/agents/bridge.py), and CALLS snapshots of /repo (what the claude-code agent
takes before each call). Prints p50 / p90 in milliseconds as JSON.
"""

import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from fake_http import FakeHTTPServer  # noqa: E402

from harness.agents import claude_code  # noqa: E402
from harness.agents.bash import snapshot  # noqa: E402
from harness.agents.bridge import MessagesBridge  # noqa: E402
from harness.sandbox import Sandbox  # noqa: E402
from harness.tasks import Limits  # noqa: E402

REPLY = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "m",
    "content": [{"type": "text", "text": "ok " * 200}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 10, "output_tokens": 5},
}
BODY = {"model": "x", "max_tokens": 100, "messages": [{"role": "user", "content": "hi " * 2000}], "stream": True}
CLIENT = """
import http.client, json, sys, time
body, out = sys.stdin.read(), []
for _ in range({calls}):
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", {port})
    connection.request("POST", "/v1/messages", body, {{"content-type": "application/json"}})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    assert response.status == 200 and data.startswith(b"event: message_start"), data[:200]
    out.append(time.perf_counter() - started)
print(json.dumps(out))
"""


class Server(FakeHTTPServer):
    def respond(self, path, headers, raw):
        return {"body": REPLY}


def ms(values: list[float], q: float = 0.5) -> float:
    return round((statistics.median(values) if q == 0.5 else sorted(values)[int(q * len(values))]) * 1000, 2)


def main(image: str, calls: int) -> dict:
    server = Server()
    os.environ["ANTHROPIC_BASE_URL"], os.environ["ANTHROPIC_API_KEY"] = f"http://127.0.0.1:{server.port}", "bench"
    from harness.models import get_model

    model = get_model("anthropic/bench")
    direct = []
    for _ in range(calls):
        started = time.perf_counter()
        model.relay(BODY, {})
        direct.append(time.perf_counter() - started)
    bridge = MessagesBridge(model.relay)
    shutil.copy(claude_code.RELAY, bridge.folder / claude_code.RELAY.name)
    box = Sandbox.start(image, Limits(), run_id="bench-bridge", mounts={str(bridge.folder): claude_code.BRIDGE_INSIDE})
    try:
        claude_code.start_relay(box)
        box.write_file("/home/agent/client.py", CLIENT.format(calls=calls, port=claude_code.PORT).encode())
        box.write_file("/home/agent/body.json", json.dumps(BODY).encode())
        result = box.exec("python3 /home/agent/client.py < /home/agent/body.json", timeout=600)
        if result.exit_code != 0:
            raise SystemExit(result.output[-2000:])
        bridged = json.loads(result.output.strip().splitlines()[-1])
        snaps = []
        for _ in range(calls):
            started = time.perf_counter()
            snapshot(box)
            snaps.append(time.perf_counter() - started)
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
        "snapshot_p50_ms": ms(snaps),
        "load_average": os.getloadavg()[0],
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100)))
