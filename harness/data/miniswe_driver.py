"""mini-swe-agent's DockerEnvironment, timed by `evalrun bench` (harness/bench/containers.py) in
whichever interpreter can import it: container starts to the first answer, then command round trips.

Arguments: image, run label (every container gets evalrun's labels with it), round trips, starts.
Prints one JSON line: {"version", "roundtrip": [seconds], "start": [seconds]}.
"""

import json
import subprocess
import sys
import time

import minisweagent
from minisweagent.environments.docker import DockerEnvironment

image, run_label, commands, starts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
labels = ["--label", "evalrun=1", "--label", "evalrun.role=bench", "--label", "evalrun.run=" + run_label]
out = {"version": getattr(minisweagent, "__version__", "?"), "roundtrip": [], "start": []}


def run(env, command):
    try:
        result = env.execute({"command": command})
    except (AttributeError, TypeError):  # mini-swe-agent < 2 takes the command string
        result = env.execute(command)
    if result["returncode"] != 0:
        raise SystemExit("mini-swe-agent command failed: " + repr(result))


def make():
    return DockerEnvironment(image=image, cwd="/repo", run_args=["--rm", *labels], timeout=60)


def drop(env):
    subprocess.run(["docker", "rm", "-f", env.container_id], capture_output=True)
    env.container_id = None  # its own cleanup would `docker stop` (10 s) in the background


for _ in range(starts):
    began = time.perf_counter()
    env = make()
    run(env, "echo ok")
    out["start"].append(time.perf_counter() - began)
    drop(env)
env = make()
try:
    for _ in range(3):
        run(env, "echo ok")
    for _ in range(commands):
        began = time.perf_counter()
        run(env, "echo ok")
        out["roundtrip"].append(time.perf_counter() - began)
finally:
    drop(env)
print(json.dumps(out))
