"""A scripted OpenAI Chat Completions server (POST /v1/chat/completions) for the agent CLIs that
speak it through evalrun's bridge (mini-swe-agent, aider).

Each reply is chosen by `pick(body, number)`, given the request's JSON and its 1-based number; the
default replays `session` (a list of replies) by how many tool results the conversation holds, then
`final`. A reply is {"content": text, "tool_calls": [(name, arguments dict), ...]} or a bare text.
"""

from __future__ import annotations

import json
import threading

from fake_http import FakeHTTPServer


def completion(number: int, model: str, reply, prompt_tokens: int = 1000) -> dict:
    if isinstance(reply, str):
        reply = {"content": reply}
    calls = [
        {"id": f"call_{number:02d}_{i}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
        for i, (name, args) in enumerate(reply.get("tool_calls") or [])
    ]
    message = {"role": "assistant", "content": reply.get("content")}
    if calls:
        message["tool_calls"] = calls
    return {
        "id": f"chatcmpl-{number:03d}",
        "object": "chat.completion",
        "created": 1_800_000_000 + number,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
        "usage": {"prompt_tokens": prompt_tokens + 10 * number, "completion_tokens": 50, "total_tokens": 0},
    }


class FakeChat(FakeHTTPServer):
    def __init__(self, session: list | None = None, final=None, hang_at: int | None = None, pick=None):
        super().__init__()
        self.session, self.final, self.hang_at = list(session or []), final, hang_at
        self.pick = pick or self.by_tool_results
        self.requests: list[tuple[dict, dict]] = []
        self.lock = threading.Lock()

    def by_tool_results(self, body: dict, number: int):
        done = sum(1 for m in body.get("messages", []) if m.get("role") == "tool")
        return self.session[done] if done < len(self.session) else self.final

    def respond(self, path: str, headers: dict, raw: bytes) -> dict:
        body = json.loads(raw or b"{}")
        with self.lock:
            self.requests.append((headers, body))
            number = len(self.requests)
        if number == self.hang_at:
            return {"delay": 600, "silent": True}  # a provider that never answers (freed by close())
        if path != "/v1/chat/completions":
            return {"status": 404, "body": {"error": {"message": f"no route {path}", "type": "not_found"}}}
        return {"body": completion(number, body.get("model", ""), self.pick(body, number))}
