"""The model bridge speaking OpenAI Chat Completions (`POST /v1/chat/completions`), for the agent
CLIs that call an OpenAI-compatible endpoint through litellm (mini-swe-agent, aider).

Everything but the wire format is MessagesBridge's (harness/agents/bridge.py): the Unix socket in a
folder mounted into the container, budget admission, the `before` hook, the record of every call.
The host side forwards each request to the run's `--model openai/<name>` provider with the real key
(harness.models.openai_chat.OpenAIModel.relay_chat), never streaming; a CLI that asked for a stream
gets the complete reply back as a well-formed `chat.completion.chunk` SSE stream ending in
`data: [DONE]`. A refused request (over budget, the provider gave up) is a 400 with OpenAI's error
JSON: litellm raises BadRequestError, which neither litellm nor the CLIs retry.
"""

from __future__ import annotations

import json

from harness.agents.bridge import MessagesBridge

CHAT_PATH = "/v1/chat/completions"


def chat_error_body(message: str, kind: str = "invalid_request_error") -> dict:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def chat_sse(completion: dict) -> bytes:
    """A complete chat.completion as the chunk stream the API sends with stream=true: per choice,
    one chunk with the role, the content and every tool call whole, then one with its finish reason;
    then a usage chunk (what stream_options.include_usage asks for) and [DONE]."""
    base = {
        "id": completion.get("id", "chatcmpl-evalrun"),
        "object": "chat.completion.chunk",
        "created": completion.get("created", 0),
        "model": completion.get("model", ""),
    }
    lines = []

    def chunk(choices: list[dict], **extra) -> None:
        lines.append("data: " + json.dumps({**base, "choices": choices, **extra}, separators=(",", ":")) + "\n\n")

    for choice in completion.get("choices") or []:
        index = choice.get("index", 0)
        message = choice.get("message") or {}
        delta: dict = {"role": message.get("role") or "assistant", "content": message.get("content") or ""}
        if message.get("tool_calls"):
            delta["tool_calls"] = [
                {
                    "index": position,
                    "id": call.get("id"),
                    "type": call.get("type", "function"),
                    "function": {
                        "name": (call.get("function") or {}).get("name"),
                        "arguments": (call.get("function") or {}).get("arguments") or "",
                    },
                }
                for position, call in enumerate(message["tool_calls"])
            ]
        chunk([{"index": index, "delta": delta, "finish_reason": None}])
        chunk([{"index": index, "delta": {}, "finish_reason": choice.get("finish_reason") or "stop"}])
    if completion.get("usage"):
        chunk([], usage=completion["usage"])
    lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()


class ChatCompletionsBridge(MessagesBridge):
    """Serves OpenAI Chat Completions on `<folder>/model.sock` for one trial; relay(body, headers)
    -> (chat.completion dict, Usage, provider latency) is the host provider's relay_chat."""

    path = CHAT_PATH
    refusal_status = 400
    error_body = staticmethod(chat_error_body)
    stream = staticmethod(chat_sse)
