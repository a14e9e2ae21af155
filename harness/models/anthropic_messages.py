"""`anthropic/<name>`: the official Anthropic SDK, messages API.

Key from ANTHROPIC_API_KEY; base URL from EVALRUN_ANTHROPIC_BASE_URL or ANTHROPIC_BASE_URL (with a
custom base URL and no key, a placeholder is sent). max_tokens from EVALRUN_MODEL_MAX_TOKENS,
default 4096. System messages go in the separate `system` parameter.
"""

from __future__ import annotations

import time

from harness.models.base import (
    MalformedResponse,
    ModelRequestError,
    RemoteModel,
    Settings,
    cost_usd,
)
from harness.trajectory import Usage

DEFAULT_MAX_TOKENS = 4096
EMPTY = "(empty)"  # the API refuses empty text blocks


def to_anthropic(messages: list[dict]) -> tuple[str | None, list[dict]]:
    """Split out the system prompt; merge consecutive turns of one role; start with a user turn."""
    system: list[str] = []
    turns: list[dict] = []
    for message in messages:
        role = message.get("role")
        content = str(message.get("content") or "")
        if role == "system":
            system.append(content)
            continue
        if role not in ("user", "assistant"):
            raise ValueError(f"unsupported message role {role!r}")
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"] += "\n\n" + content
        else:
            turns.append({"role": role, "content": content})
    if not turns or turns[0]["role"] != "user":
        turns.insert(0, {"role": "user", "content": EMPTY})
    for turn in turns:
        if not turn["content"].strip():
            turn["content"] = EMPTY
    system_text = "\n\n".join(s for s in system if s.strip())
    return (system_text or None), turns


class AnthropicModel(RemoteModel):
    key_var = "ANTHROPIC_API_KEY"
    base_url_vars = ("EVALRUN_ANTHROPIC_BASE_URL", "ANTHROPIC_BASE_URL")
    placeholder_key = "sk-ant-no-key-required"
    missing_key_advice = "export it"

    def __init__(self, spec: str, model_id: str, settings: Settings):
        import anthropic

        super().__init__(spec, model_id, settings)
        self.max_tokens = settings.max_tokens or DEFAULT_MAX_TOKENS
        self._sdk = anthropic
        self._client = anthropic.Anthropic(
            api_key=self._key, base_url=self.base_url, max_retries=0, timeout=settings.timeout_sec
        )

    def _request(self, messages: list[dict]) -> tuple[str, Usage]:
        system, turns = to_anthropic(messages)
        extra = {"system": system} if system else {}
        response = self._client.messages.create(
            model=self.model_id, max_tokens=self.max_tokens, messages=turns, **extra
        )
        blocks = getattr(response, "content", None)
        if not isinstance(blocks, list):
            raise MalformedResponse(f"the reply has no content list: {str(response)[:200]}")
        text = "".join(getattr(block, "text", "") or "" for block in blocks if getattr(block, "type", None) == "text")
        return text, self._usage(response)

    def relay(self, body: dict, headers: dict) -> tuple[dict, Usage, float]:
        """One Messages request as an agent CLI wrote it (tools, content blocks, its own system
        prompt), for the model bridge: sent with this provider's model id and key, not streamed,
        with the CLI's anthropic-beta header; the reply message as a dict, its Usage and latency
        (retries included). Errors as complete(): ModelConfigError, ModelUnavailableError."""
        if not isinstance(body.get("messages"), list):
            raise ModelRequestError(f"{self.name}: the agent's request has no messages list")
        rest = {k: v for k, v in body.items() if k not in ("model", "stream", "messages", "max_tokens")}
        beta = {k: v for k, v in headers.items() if k.lower() == "anthropic-beta"}

        def once() -> tuple[dict, Usage]:
            response = self._client.messages.create(
                model=self.model_id,
                max_tokens=int(body.get("max_tokens") or self.max_tokens),
                messages=body["messages"],
                extra_body=rest,
                extra_headers=beta,
            )
            if not isinstance(getattr(response, "content", None), list):
                raise MalformedResponse(f"the reply has no content list: {str(response)[:200]}")
            return response.model_dump(mode="json", exclude_none=True), self._usage(response)

        started = time.monotonic()
        message, usage = self.with_retries(once)
        return message, usage, time.monotonic() - started

    def _usage(self, response) -> Usage:
        usage = getattr(response, "usage", None)
        input_tokens = getattr(usage, "input_tokens", None)
        output_tokens = getattr(usage, "output_tokens", None)
        if not isinstance(input_tokens, int) or not isinstance(output_tokens, int):
            raise MalformedResponse("the reply has no usage")
        cache_read = getattr(usage, "cache_read_input_tokens", None)
        cache_read = cache_read if isinstance(cache_read, int) else 0
        cache_write = getattr(usage, "cache_creation_input_tokens", None)
        cache_write = cache_write if isinstance(cache_write, int) else 0
        # Anthropic counts cached tokens apart from input_tokens; the record counts all input.
        total_input = input_tokens + cache_read + cache_write
        cost = cost_usd(self._price, total_input, output_tokens, cache_read)
        return Usage(total_input, output_tokens, cost)

    def _not_found_hint(self) -> str:
        if not self.base_url:
            return ""
        return f", or that EVALRUN_ANTHROPIC_BASE_URL/ANTHROPIC_BASE_URL ({self.base_url}) is right"
