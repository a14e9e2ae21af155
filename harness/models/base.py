"""What every provider shares: the Completion record, the two errors, settings, prices and retries.

Settings come from the environment and are read when a model is made (get_model):

- EVALRUN_MODEL_RETRIES: total attempts per request, including the first (default 6).
- EVALRUN_MODEL_BACKOFF_SEC: base delay of the exponential backoff (default 1.0): attempt n waits
  about base * 2**(n-1) seconds, with jitter, at most 60 s (a Retry-After header, if longer, wins
  up to that cap).
- EVALRUN_MODEL_TIMEOUT: timeout of one HTTP request in seconds (default 300).
- EVALRUN_MODEL_MAX_TOKENS: reply length limit (Anthropic default 4096; OpenAI: the server's
  default unless set; local/smollm2: 384).
- EVALRUN_PRICES: an extra prices TOML merged over harness/data/prices.toml.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

from harness.trajectory import Usage

log = logging.getLogger("harness.models")

PRICES_FILE = Path(__file__).resolve().parent.parent / "data" / "prices.toml"
MAX_DELAY_SEC = 60.0
RETRY_STATUSES = frozenset({408, 409, 425, 429})  # and every 5xx

T = TypeVar("T")


@dataclass
class Completion:
    text: str
    usage: Usage
    latency_sec: float  # wall time of complete(), retries and backoff included


@runtime_checkable
class Model(Protocol):
    name: str  # the MODEL string, e.g. "openai/gpt-4.1-mini"

    def complete(self, messages: list[dict]) -> Completion: ...


class ModelConfigError(Exception):
    """Fatal for the whole run: a missing or rejected key, an unknown model, a bad MODEL string,
    a missing optional extra. The message says what to fix."""


class ModelUnavailableError(Exception):
    """The provider failed even after the bounded retries: the trial is an infrastructure error."""


class ModelRequestError(ModelUnavailableError):
    """The provider rejected this one request (400, 413, 422: for example a conversation longer than
    the model's context). Not retried; a subclass of ModelUnavailableError, so callers that do not
    care treat it the same way."""


class MalformedResponse(Exception):
    """A 2xx reply whose body is not what the API promises (missing choices, not JSON...): retried."""


# --- settings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    attempts: int = 6
    backoff_sec: float = 1.0
    timeout_sec: float = 300.0
    max_tokens: int | None = None


def env_number(name: str, default: float, kind: type, minimum: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ModelConfigError(f"{name}={raw!r} is not a valid {kind.__name__}; fix or unset it") from None
    if value < minimum:
        raise ModelConfigError(f"{name}={raw!r} must be at least {minimum}; fix or unset it")
    return value


def settings_from_env() -> Settings:
    max_tokens = os.environ.get("EVALRUN_MODEL_MAX_TOKENS", "").strip()
    return Settings(
        attempts=int(env_number("EVALRUN_MODEL_RETRIES", 6, int, 1)),
        backoff_sec=float(env_number("EVALRUN_MODEL_BACKOFF_SEC", 1.0, float, 0)),
        timeout_sec=float(env_number("EVALRUN_MODEL_TIMEOUT", 300.0, float, 0.001)),
        max_tokens=int(env_number("EVALRUN_MODEL_MAX_TOKENS", 0, int, 1)) if max_tokens else None,
    )


# --- prices -----------------------------------------------------------------------------------


def load_prices() -> dict[str, dict]:
    """MODEL string -> {input_per_mtok, output_per_mtok[, cached_input_per_mtok]} in USD."""
    prices: dict[str, dict] = {}
    files = [PRICES_FILE]
    extra = os.environ.get("EVALRUN_PRICES", "").strip()
    if extra:
        files.append(Path(extra).expanduser())
    for path in files:
        try:
            data = tomllib.loads(path.read_text())
        except FileNotFoundError:
            if path == PRICES_FILE:
                continue
            raise ModelConfigError(f"EVALRUN_PRICES points to {path}, which does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise ModelConfigError(f"the prices file {path} is not valid TOML: {exc}") from None
        for model, entry in (data.get("models") or {}).items():
            if isinstance(entry, dict):
                prices[model] = {**prices.get(model, {}), **entry}
    return prices


def price_for(model: str) -> dict | None:
    entry = load_prices().get(model)
    try:
        if entry is None:
            return None
        return {
            "input": float(entry["input_per_mtok"]),
            "output": float(entry["output_per_mtok"]),
            "cached": float(entry.get("cached_input_per_mtok", entry["input_per_mtok"])),
        }
    except (KeyError, TypeError, ValueError):
        log.warning("price entry for %s is incomplete; its cost is recorded as unknown", model)
        return None


def cost_usd(price: dict | None, input_tokens: int, output_tokens: int, cached_tokens: int = 0) -> float | None:
    """None when the price is unknown. cached_tokens are part of input_tokens, billed at the cached rate."""
    if price is None:
        return None
    cached = min(max(cached_tokens, 0), input_tokens)
    total = (input_tokens - cached) * price["input"] + cached * price["cached"] + output_tokens * price["output"]
    return round(total / 1_000_000, 8)


def estimate_tokens(text: str) -> int:
    return len(text) // 4


# --- errors and retries -----------------------------------------------------------------------


def redact(text: str, secrets: list[str | None]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def error_detail(exc: BaseException, limit: int = 300) -> str:
    """A short readable message from an SDK error: the server's error message when there is one."""
    body = getattr(exc, "body", None)
    message = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            message = inner.get("message") or inner.get("type")
        elif isinstance(inner, str):
            message = inner
    if not message:
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    message = " ".join(str(message).split())
    return message if len(message) <= limit else message[: limit - 3] + "..."


def error_code(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return str(inner.get("code") or inner.get("type") or "")
    return ""


# How OpenAI-compatible servers word "no such model" in a 400/422 (OpenAI itself answers 404).
_MODEL_MISSING = re.compile(
    r"model[^.]{0,80}(not found|does not exist|is not a valid|is not supported|not available)"
    r"|(no such|unknown|invalid|unsupported|not a valid) model",
    re.IGNORECASE,
)


def _model_missing(status: int, code: str, detail: str) -> bool:
    if status == 404 or code == "model_not_found":
        return True
    # A conversation too long for the model is this trial's problem, not an unknown model.
    return status in (400, 422) and "context" not in detail.lower() and bool(_MODEL_MISSING.search(detail))


def backoff_delay(attempt: int, base: float, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter for the wait after failed attempt number `attempt` (1-based)."""
    delay = min(MAX_DELAY_SEC, base * (2 ** (attempt - 1)))
    delay *= random.uniform(0.5, 1.0)
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_DELAY_SEC))
    return delay


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        value = headers.get("retry-after-ms")
        if value is not None:
            return float(value) / 1000
        value = headers.get("retry-after")
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def call_with_retries(
    fn: Callable[[], T],
    *,
    sdk,
    model: str,
    key_var: str,
    settings: Settings,
    secrets: list[str | None],
    not_found_hint: str = "",
) -> T:
    """Run fn (one request and the parsing of its reply) until it succeeds, within settings.attempts.

    sdk is the openai or anthropic module: both raise the same family of errors. Auth errors and
    unknown models raise ModelConfigError at once; other rejected requests ModelRequestError at once;
    429, 408/409, 5xx, timeouts, connection errors and malformed replies are retried. Messages never
    carry the key, and the SDK error is not chained (its text is the server's, which could echo it).
    """
    last = "no attempt made"
    for attempt in range(1, settings.attempts + 1):
        retry_after = None
        try:
            return fn()
        except sdk.APIStatusError as exc:
            status = exc.status_code
            detail = redact(error_detail(exc), secrets)
            code = error_code(exc)
            if status in (401, 403):
                raise ModelConfigError(
                    f"{model}: the provider rejected the API key (HTTP {status}: {detail}); "
                    f"set {key_var} to a valid key with access to this model"
                ) from None
            if code == "insufficient_quota" or status == 402:
                raise ModelConfigError(
                    f"{model}: the account behind {key_var} has no quota or credit left (HTTP {status}: {detail})"
                ) from None
            if _model_missing(status, code, detail):
                raise ModelConfigError(
                    f"unknown model {model!r}: the provider does not serve it (HTTP {status}: {detail}); "
                    f"check the name after the provider prefix{not_found_hint}"
                ) from None
            if status not in RETRY_STATUSES and status < 500:
                raise ModelRequestError(
                    f"{model}: the provider rejected the request (HTTP {status}: {detail})"
                ) from None
            last = f"HTTP {status}: {detail}"
            retry_after = _retry_after(exc)
        except sdk.APITimeoutError:
            last = f"no reply within {settings.timeout_sec:g} s (EVALRUN_MODEL_TIMEOUT)"
        except sdk.APIConnectionError as exc:
            last = f"connection failed: {redact(error_detail(exc), secrets)}"
            cause = exc.__cause__
            if cause is not None:
                last += f" ({type(cause).__name__}: {redact(' '.join(str(cause).split())[:200], secrets)})"
        except (sdk.APIResponseValidationError, json.JSONDecodeError, MalformedResponse) as exc:
            last = f"malformed reply: {redact(error_detail(exc), secrets)}"
        if attempt < settings.attempts:
            delay = backoff_delay(attempt, settings.backoff_sec, retry_after)
            log.warning(
                "%s: attempt %d/%d failed (%s); retrying in %.2f s", model, attempt, settings.attempts, last, delay
            )
            time.sleep(delay)
    raise ModelUnavailableError(f"{model}: gave up after {settings.attempts} attempts; last error: {last}") from None


class RemoteModel:
    """complete() for SDK-backed providers. Subclasses set the class attributes below, call
    `super().__init__` (name, model id, settings, base URL, key, price), then set _sdk and _client,
    and implement _request(messages) -> (text, Usage) and _not_found_hint()."""

    key_var: str  # the API key's environment variable
    base_url_vars: tuple[str, ...]  # environment variables for a custom base URL, first set wins
    placeholder_key: str  # sent with a custom base URL and no key (local servers accept any)
    missing_key_advice: str  # what to do when neither a key nor a custom base URL is set

    def __init__(self, spec: str, model_id: str, settings: Settings):
        self.name = spec
        self.model_id = model_id
        self.settings = settings
        self.base_url = first_env(*self.base_url_vars)
        key = os.environ.get(self.key_var, "").strip()
        if not key:
            if self.base_url is None:
                raise ModelConfigError(f"{spec}: {self.key_var} is not set; {self.missing_key_advice}")
            key = self.placeholder_key
        self._key = key
        self._price = price_for(spec)

    def __repr__(self) -> str:  # never the key
        return f"{type(self).__name__}({self.name!r}, base_url={self.base_url!r})"

    def complete(self, messages: list[dict]) -> Completion:
        started = time.monotonic()
        text, usage = self.with_retries(lambda: self._request(messages))
        return Completion(text=text, usage=usage, latency_sec=time.monotonic() - started)

    def with_retries(self, fn: Callable[[], T]) -> T:
        """fn (one request and the parsing of its reply) under call_with_retries, with this provider's settings."""
        return call_with_retries(
            fn,
            sdk=self._sdk,
            model=self.name,
            key_var=self.key_var,
            settings=self.settings,
            secrets=[self._key],
            not_found_hint=self._not_found_hint(),
        )


def first_env(*names: str) -> str | None:
    """The first of these environment variables that is set to something other than blanks."""
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None
