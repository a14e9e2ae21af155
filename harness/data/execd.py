"""evalrun's in-container command server (stdlib only; baked into the base image, root-owned).

One long-lived process per container, started through a single `docker exec` with stdin
attached: it reads length-prefixed JSON requests on stdin and answers on stdout, so a command
costs a fork instead of a Docker API round trip. Each command runs as `bash -c` in its own
session; at its deadline the whole process group is killed. Output beyond the cap is read and
counted, not kept. Background processes a command leaves behind do not hold its reply and keep
running (an agent may start a server and query it later), unless the container uses half of its
process limit or more, or no process can start: then the largest groups that commands left behind
are killed (a fork bomb's remains), and the reply says so.
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
CROWDED_SHARE = 0.5  # of the container's process limit in use, at which leftover groups are killed
KILL_WAIT_SEC = 2.0  # for a killed group's processes to be reaped
# (processes in use, process limit): cgroup v2, then cgroup v1; the first that exists is read
PIDS_FILES = [
    ("/sys/fs/cgroup/pids.current", "/sys/fs/cgroup/pids.max"),
    ("/sys/fs/cgroup/pids/pids.current", "/sys/fs/cgroup/pids/pids.max"),
]


def read_exact(stream, size):
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def group_sizes(pgids):
    """How many live processes each of these process groups holds (groups with none left out)."""
    sizes = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # the process exited while we looked
            continue
        pgid = int(fields[2])
        if pgid in pgids:
            sizes[pgid] = sizes.get(pgid, 0) + 1
    return sizes


def kill_group(pgid):
    deadline = time.monotonic() + KILL_WAIT_SEC
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            return
        time.sleep(0.01)


class Leftovers:
    """Process groups that earlier commands left running."""

    def __init__(self):
        self.pgids = set()
        self.counters = next((pair for pair in PIDS_FILES if all(map(os.path.exists, pair))), None)

    def crowded(self):
        """True when the container uses half its process limit or more (False where none can be read)."""
        if self.counters is None:
            return False
        current, limit = self.counters
        try:
            with open(current) as used, open(limit) as allowed:
                in_use, cap = used.read().strip(), allowed.read().strip()
        except OSError:  # unreadable counters: as if there were no limit to read
            return False
        return cap != "max" and int(in_use) >= CROWDED_SHARE * int(cap)

    def add(self, pgid):
        self.pgids.add(pgid)

    def kill_largest(self, full=False):
        """Kill leftover groups, largest first, while the container is crowded; return how many.

        `full`: no process could be started, so at least one group goes, whatever the counters say.
        """
        if not (full or self.crowded()):
            return 0
        sizes = group_sizes(self.pgids)
        self.pgids = set(sizes)  # forget groups that are gone
        killed = 0
        for pgid in sorted(sizes, key=sizes.get, reverse=True):
            if not (full and killed == 0) and not self.crowded():
                break
            kill_group(pgid)
            self.pgids.discard(pgid)
            killed += 1
        return killed


def notice(killed):
    return (
        f"[evalrun: the container was near its process limit; killed {killed} process group(s) "
        "that commands had left running]\n"
    ).encode()


def spawn(request, env, deadline, leftovers):
    """Start the command; while the container's process limit is reached, kill leftover groups and retry."""
    killed = 0
    while True:
        try:
            proc = subprocess.Popen(
                ["bash", "-c", request["cmd"]],
                cwd=request.get("cwd") or "/",
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            return proc, killed
        except BlockingIOError:
            if time.monotonic() + SPAWN_RETRY_SEC > deadline:
                raise
            killed += leftovers.kill_largest(full=True)
            time.sleep(SPAWN_RETRY_SEC)


def run(request, leftovers):
    started = time.monotonic()
    env = dict(os.environ)
    env.update(request.get("env") or {})
    cap, timeout = int(request.get("cap", 1 << 20)), float(request.get("timeout", 120))
    try:
        proc, killed = spawn(request, env, started + timeout, leftovers)
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
    if not timed_out:
        leftovers.add(proc.pid)  # its process group, if anything in it still runs
    killed += leftovers.kill_largest()
    if killed:
        kept += notice(killed)
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
    leftovers = Leftovers()
    while True:
        header = read_exact(stdin, 4)
        if header is None:
            return
        request = json.loads(read_exact(stdin, struct.unpack(">I", header)[0]))
        reply = json.dumps(run(request, leftovers)).encode()
        stdout.write(struct.pack(">I", len(reply)) + reply)
        stdout.flush()


if __name__ == "__main__":
    main()
