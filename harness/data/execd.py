"""evalrun's in-container command server (stdlib only; baked into the base image, root-owned).

One long-lived process per container, started through a single `docker exec` with stdin
attached: it reads length-prefixed JSON requests on stdin and answers on stdout, so a command
costs a fork instead of a Docker API round trip. Each command runs as `bash -c` in its own
session; at its deadline the whole process group is killed. Output beyond the cap is read and
counted, not kept. Background processes a command leaves behind do not hold its reply.
"""

import base64
import json
import os
import select
import signal
import struct
import subprocess
import sys
import time

LINGER_SEC = 0.05  # after bash exits, how long to wait for the last output of its children
SPAWN_RETRY_SEC = 0.2  # between attempts to start a command while no process can be created


def read_exact(stream, size):
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def spawn(request, env, deadline):
    """Start the command; while the container's process limit is reached (a fork bomb), retry."""
    while True:
        try:
            return subprocess.Popen(
                ["bash", "-c", request["cmd"]],
                cwd=request.get("cwd") or "/",
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except BlockingIOError:
            if time.monotonic() + SPAWN_RETRY_SEC > deadline:
                raise
            time.sleep(SPAWN_RETRY_SEC)


def run(request):
    started = time.monotonic()
    env = dict(os.environ)
    env.update(request.get("env") or {})
    cap, timeout = int(request.get("cap", 1 << 20)), float(request.get("timeout", 120))
    try:
        proc = spawn(request, env, started + timeout)
    except OSError as exc:  # the server must outlive whatever the agent did to the container
        message = f"evalrun: could not start the command: {exc}\n".encode()
        return {
            "exit_code": 126,
            "output": base64.b64encode(message).decode(),
            "truncated": 0,
            "timed_out": False,
            "duration": time.monotonic() - started,
        }
    deadline = started + timeout
    fd = proc.stdout.fileno()
    kept, dropped, timed_out, exited_at = bytearray(), 0, False, None
    while True:
        now = time.monotonic()
        if exited_at is None and proc.poll() is not None:
            exited_at = now
        if exited_at is not None and now - exited_at > LINGER_SEC:
            break
        if now >= deadline:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            break
        wait = min(deadline - now, LINGER_SEC if exited_at is not None else 0.5)
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            if exited_at is None:
                proc.wait()
            break
        room = cap - len(kept)
        kept += chunk[: max(room, 0)]
        dropped += max(0, len(chunk) - max(room, 0))
    exit_code = proc.wait()
    proc.stdout.close()
    return {
        "exit_code": 124 if timed_out else exit_code,
        "output": base64.b64encode(bytes(kept)).decode(),
        "truncated": dropped,
        "timed_out": timed_out,
        "duration": time.monotonic() - started,
    }


def main():
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    stdout.write(b"READY\n")
    stdout.flush()
    while True:
        header = read_exact(stdin, 4)
        if header is None:
            return
        request = json.loads(read_exact(stdin, struct.unpack(">I", header)[0]))
        reply = json.dumps(run(request)).encode()
        stdout.write(struct.pack(">I", len(reply)) + reply)
        stdout.flush()


if __name__ == "__main__":
    main()
