"""A throwaway Ray cluster on this machine, for the tests and the bench: a head (no CPUs, so no trial
runs there) and worker nodes that each advertise one `docker` slot of the local engine, all on
127.0.0.1 with ports of their own. Every process it starts is found by the cluster's own temp
folder in its command line and stopped by its pid; other Ray processes on the machine are never
touched (no `ray stop`)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent  # where `harness` is imported from, for the nodes
START_TIMEOUT_SEC = 90
# Fast failure detection: a killed raylet is declared dead within seconds, not the default ~30 s.
HEALTH = {
    "RAY_health_check_initial_delay_ms": "1000",
    "RAY_health_check_period_ms": "1000",
    "RAY_health_check_timeout_ms": "1000",
    "RAY_health_check_failure_threshold": "3",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ray_bin() -> str:
    """The `ray` command beside this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name("ray")
    return str(beside) if beside.exists() else (shutil.which("ray") or "ray")


class LocalCluster:
    """`workers` worker nodes of `worker_cpus` CPUs and one `docker` slot each; `address` to connect."""

    def __init__(self, workers: int = 2, worker_cpus: int = 2):
        self.temp = Path(tempfile.mkdtemp(prefix="evalrun-ray-test-", dir="/tmp"))
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.worker_cpus = worker_cpus
        self.workers: dict[str, int] = {}  # name -> its node manager port (finds its raylet)
        self.env = {
            **os.environ,
            **HEALTH,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "RAY_USAGE_STATS_ENABLED": "0",
        }
        self.env.pop("RAY_ADDRESS", None)
        try:
            self._start_head()
            for index in range(workers):
                self.start_worker(f"w{index + 1}")
        except BaseException:
            self.stop()
            raise

    def _ray(self, *args: str) -> None:
        result = subprocess.run(
            [ray_bin(), "start", *args, "--disable-usage-stats"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_SEC,
        )
        if result.returncode != 0:
            raise RuntimeError(f"ray start {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    def _ports(self) -> list[str]:
        low = free_port()
        return [
            f"--node-manager-port={free_port()}",
            f"--object-manager-port={free_port()}",
            f"--min-worker-port={low}",
            f"--max-worker-port={low + 40}",
            f"--dashboard-agent-listen-port={free_port()}",
            f"--dashboard-agent-grpc-port={free_port()}",
            f"--metrics-export-port={free_port()}",
            f"--runtime-env-agent-port={free_port()}",
        ]

    def _start_head(self) -> None:
        self._ray(
            "--head",
            "--node-ip-address=127.0.0.1",
            f"--port={self.port}",
            "--num-cpus=0",
            f"--temp-dir={self.temp}",
            "--include-dashboard=false",
            f"--dashboard-port={free_port()}",
            *self._ports(),
        )

    def start_worker(self, name: str) -> None:
        ports = self._ports()
        self._ray(
            f"--address={self.address}",
            "--node-ip-address=127.0.0.1",
            f"--num-cpus={self.worker_cpus}",
            '--resources={"docker": 1}',
            *ports,
        )
        self.workers[name] = int(ports[0].split("=")[1])
        self.wait_for_docker_nodes(len(self.workers))

    def alive_docker_nodes(self) -> int:
        code = (
            f"import ray; ray.init(address={self.address!r}, logging_level='ERROR');"
            "print(sum(1 for n in ray.nodes() if n['Alive'] and n['Resources'].get('docker')))"
        )
        result = subprocess.run([sys.executable, "-c", code], env=self.env, capture_output=True, text=True, timeout=60)
        return int(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else -1

    def wait_for_docker_nodes(self, count: int, timeout: float = START_TIMEOUT_SEC) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.alive_docker_nodes() == count:
                return
            time.sleep(1)
        raise RuntimeError(f"the cluster at {self.address} did not reach {count} docker node(s)")

    def pids(self, needle: str | None = None) -> list[int]:
        """This cluster's processes (their command line names its temp folder, or `needle`)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if (needle or str(self.temp)) in command and (needle is None or "raylet" in command):
                found.append(int(entry.name))
        return found

    def kill_raylet(self, name: str) -> int:
        """SIGKILL worker `name`'s raylet (its node is lost); returns the pid."""
        [pid] = self.pids(f"--node_manager_port={self.workers.pop(name)}")
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in self.pids():
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + 10
            while self.pids() and time.monotonic() < deadline:
                time.sleep(0.2)
        shutil.rmtree(self.temp, ignore_errors=True)
