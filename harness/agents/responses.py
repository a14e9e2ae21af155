"""The model bridge for the OpenAI Responses API (`--agent codex`): POST /v1/responses.

Codex CLI 0.147 speaks only the Responses API to a custom provider (`wire_api = "chat"` is refused
by the binary: "`wire_api = \\"chat\\"` is no longer supported"), and always asks for a stream. The
bridge (harness/agents/bridge.py: admission, the `before` snapshot, recording, clean refusals) is
the same; only the route and the reply's encoding differ: the provider (harness.models.openai_chat's
OpenAIModel, through `relay`) is called without streaming and the complete response goes back as the
event stream the API sends with stream=true (response.created, response.output_item.added / .done
per output item, response.completed with the whole response and its usage).
"""

from __future__ import annotations

import json
import time

from harness.agents.bridge import MessagesBridge
from harness.models.base import MalformedResponse, ModelRequestError, cost_usd
from harness.trajectory import Usage

RESPONSES_PATH = "/v1/responses"
DROPPED = ("model", "stream", "input")  # set by the relay itself (the provider's model id, no stream)


def responses_sse(response: dict) -> bytes:
    """A complete Responses-API response as the event stream the API sends with stream=true."""
    events, number = [], 0

    def event(name: str, data: dict) -> None:
        nonlocal number
        payload = {"type": name, "sequence_number": number, **data}
        events.append(f"event: {name}\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n")
        number += 1

    output = list(response.get("output") or [])
    event("response.created", {"response": {**response, "status": "in_progress", "output": []}})
    for index, item in enumerate(output):
        event("response.output_item.added", {"output_index": index, "item": {**item, "status": "in_progress"}})
        event("response.output_item.done", {"output_index": index, "item": item})
    done = response.get("status") or "completed"
    kind = {"incomplete": "response.incomplete", "failed": "response.failed"}.get(done, "response.completed")
    event(kind, {"response": {**response, "status": done}})
    return "".join(events).encode()


class ResponsesBridge(MessagesBridge):
    """Serves the Responses API on `<folder>/model.sock` for one trial (see MessagesBridge)."""

    path = RESPONSES_PATH

    def encode(self, message: dict, body: dict) -> tuple[str, bytes]:
        if body.get("stream"):
            return "text/event-stream", responses_sse(message)
        return "application/json", json.dumps(message).encode()


def relay(model, body: dict, headers: dict) -> tuple[dict, Usage, float]:
    """One Responses request as Codex wrote it (its instructions, tools, input items), sent by the
    `openai/<name>` provider (an OpenAIModel: its client, key, retries and prices) with the provider's
    model id, not streamed; the response as a dict, its Usage and latency (retries included). Errors as
    complete(): ModelConfigError, ModelUnavailableError."""
    if not isinstance(body.get("input"), (list, str)):
        raise ModelRequestError(f"{model.name}: the agent's request has no input")
    rest = {k: v for k, v in body.items() if k not in DROPPED}

    def once() -> tuple[dict, Usage]:
        response = model._client.responses.create(model=model.model_id, input=body["input"], extra_body=rest)
        data = response.model_dump(mode="json", exclude_none=True)
        if not isinstance(data.get("output"), list):
            raise MalformedResponse(f"the reply has no output list: {str(data)[:200]}")
        return data, usage_of(model, data)

    started = time.monotonic()
    response, usage = model.with_retries(once)
    return response, usage, time.monotonic() - started


def usage_of(model, response: dict) -> Usage:
    usage = response.get("usage") or {}
    input_tokens, output_tokens = usage.get("input_tokens"), usage.get("output_tokens")
    if not isinstance(input_tokens, int) or not isinstance(output_tokens, int):
        raise MalformedResponse("the reply has no usage")
    cached = (usage.get("input_tokens_details") or {}).get("cached_tokens")
    cached = cached if isinstance(cached, int) else 0
    return Usage(input_tokens, output_tokens, cost_usd(model._price, input_tokens, output_tokens, cached))
