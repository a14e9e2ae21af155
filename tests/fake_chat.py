"""A scripted OpenAI Chat Completions server (POST /v1/chat/completions) for the agent CLIs that
speak it through evalrun's bridge (mini-swe-agent, aider).

Each reply is chosen by `pick(body, number)`, given the request's JSON and its 1-based number; the
default replays `session` (a list of replies) by how many tool results the conversation holds, then
`final`. A reply is {"content": text, "tool_calls": [(name, arguments dict), ...]} or a bare text.
"""

from __future__ import annotations

import json

from fake_http import ScriptedServer


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


class FakeChat(ScriptedServer):
    ROUTE = "/v1/chat/completions"

    def __init__(self, session: list | None = None, final=None, hang_at: int | None = None, pick=None):
        super().__init__(hang_at)
        self.session, self.final = list(session or []), final
        self.pick = pick or self.by_tool_results

    def by_tool_results(self, body: dict, number: int):
        done = sum(1 for m in body.get("messages", []) if m.get("role") == "tool")
        return self.session[done] if done < len(self.session) else self.final

    def not_found(self, path: str) -> dict:
        return {"error": {"message": f"no route {path}", "type": "not_found"}}

    def reply(self, body: dict, number: int) -> dict:
        return completion(number, body.get("model", ""), self.pick(body, number))
