"""`openai/<name>`: the official OpenAI SDK, chat completions, against OpenAI or any compatible server.

The base URL comes from EVALRUN_OPENAI_BASE_URL, else OPENAI_BASE_URL, else OpenAI's own. The key
comes from OPENAI_API_KEY; with a custom base URL and no key, a placeholder is sent (local servers
such as vLLM, Ollama or llama.cpp's accept any).
"""

from __future__ import annotations

import time

from harness.models.base import (
    MalformedResponse,
    ModelRequestError,
    RemoteModel,
    Settings,
    cost_usd,
    estimate_tokens,
)
from harness.trajectory import Usage


class OpenAIModel(RemoteModel):
    key_var = "OPENAI_API_KEY"
    base_url_vars = ("EVALRUN_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    placeholder_key = "sk-no-key-required"
    missing_key_advice = "export it, or point EVALRUN_OPENAI_BASE_URL at an OpenAI-compatible server"

    def __init__(self, spec: str, model_id: str, settings: Settings):
        import openai

        super().__init__(spec, model_id, settings)
        self._sdk = openai
        self._client = openai.OpenAI(
            api_key=self._key, base_url=self.base_url, max_retries=0, timeout=settings.timeout_sec
        )

    def _request(self, messages: list[dict]) -> tuple[str, Usage]:
        extra = {}
        if self.settings.max_tokens:
            # OpenAI's newer models take only max_completion_tokens; compatible servers know max_tokens.
            field = "max_tokens" if self.base_url else "max_completion_tokens"
            extra[field] = self.settings.max_tokens
        response = self._client.chat.completions.create(model=self.model_id, messages=messages, **extra)
        choices = getattr(response, "choices", None)
        if not isinstance(choices, list) or not choices:
            raise MalformedResponse(f"the reply has no choices: {str(response)[:200]}")
        message = getattr(choices[0], "message", None)
        if message is None:
            raise MalformedResponse("the reply's first choice has no message")
        text = getattr(message, "content", None)
        if text is None:
            text = getattr(message, "refusal", None) or ""
        if not isinstance(text, str):
            raise MalformedResponse(f"the reply's content is a {type(text).__name__}, not text")
        return text, self._usage(response, messages, text)

    def _usage(self, response, messages: list[dict], text: str) -> Usage:
        usage = getattr(response, "usage", None)
        input_tokens = getattr(usage, "prompt_tokens", None)
        output_tokens = getattr(usage, "completion_tokens", None)
        if not isinstance(input_tokens, int) or not isinstance(output_tokens, int):
            # Some compatible servers omit usage: estimate rather than record zero.
            input_tokens = sum(estimate_tokens(str(m.get("content") or "")) for m in messages)
            output_tokens = estimate_tokens(text)
        details = getattr(usage, "prompt_tokens_details", None)
        cached = getattr(details, "cached_tokens", None)
        cached = cached if isinstance(cached, int) else 0
        cost = cost_usd(self._price, input_tokens, output_tokens, cached)
        return Usage(input_tokens, output_tokens, cost)

    def relay_chat(self, body: dict, headers: dict) -> tuple[dict, Usage, float]:
        """One Chat Completions request as an agent CLI wrote it (its tools, its system prompt, its
        sampling settings), for the model bridge (harness/agents/chat_bridge.py): sent with this
        provider's model id and key, not streamed; the reply as a dict, its Usage and latency (retries
        included). Errors as complete(): ModelConfigError, ModelUnavailableError."""
        messages = body.get("messages")
        if not isinstance(messages, list):
            raise ModelRequestError(f"{self.name}: the agent's request has no messages list")
        rest = {k: v for k, v in body.items() if k not in ("model", "messages", "stream", "stream_options")}

        def once() -> tuple[dict, Usage]:
            response = self._client.chat.completions.create(model=self.model_id, messages=messages, extra_body=rest)
            choices = getattr(response, "choices", None)
            if not isinstance(choices, list) or not choices or getattr(choices[0], "message", None) is None:
                raise MalformedResponse(f"the reply has no choices: {str(response)[:200]}")
            text = getattr(choices[0].message, "content", None) or ""
            return response.model_dump(mode="json"), self._usage(response, messages, str(text))

        started = time.monotonic()
        reply, usage = self.with_retries(once)
        return reply, usage, time.monotonic() - started

    def _not_found_hint(self) -> str:
        if not self.base_url:
            return ""
        return f", or that EVALRUN_OPENAI_BASE_URL/OPENAI_BASE_URL ({self.base_url}) is right (it usually ends in /v1)"
