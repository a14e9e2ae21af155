"""evalrun's grading supervisor (stdlib only; copied into each grading container, run as root).

The code under test runs inside the test process, as the agent's user. This supervisor runs as
root beside it, so that what it reads cannot be written after the fact by that code:

0. The grader's tree arrives in a staging folder (one archive with this file): /repo is emptied
   (but its .git) and the staged entries are moved in (one exec does the reset and the grading).
1. /repo and the tree the grader wrote there (root-owned) become read-only for the agent's user;
   /repo itself is sticky and world-writable, so tests may still create files, but never move
   or replace the grader's (the tests folder, the hidden tests).
2. New modules the grader names as candidates are removed when their name is a standard-library
   module or one importable from the environment (a shadowed runner); they are reported back.
3. The JUnit report goes to a FIFO in a root-owned directory: the agent's user can write to it
   but never read it back or replace it. Everything written to it until the test process and
   every process of the agent's user are gone is the report; more than one document is forgery.
   For node (TypeScript), the tree is first compiled by tsc as the agent's user, then locked; node
   --test writes TAP to the FIFO and the spec reporter's account to its output.
4. pytest runs as the agent's user with the repo behind the environment on sys.path (`-P`, and
   the repo inserted after pytest itself is imported), under a deadline; afterwards root kills
   every process of that user (CAP_KILL: no process the agent's user can signal does it).
5. The private test modules (hidden tests, mutants, probe) are root-only files: the test process
   reads them as root before it drops to the agent's user and imports anything of the repo, and
   compiles them from memory (BOOTSTRAP), so the code under test cannot read them from disk.

Input: one JSON object on argv[1]. Output: one JSON object on stdout.
"""

import base64
import json
import os
import select
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import time

REPO = "/repo"
# The test process: started as root, it reads the private test modules (root-only files), drops to
# the agent's user, and only then imports pytest and, through it, any code of the repo. The
# private modules are compiled from memory by a finder placed ahead of every other (pytest's
# assertion rewriting is applied to them as to any test module); the code under test never finds
# their text on disk. No `get_source`: tracebacks of a private module show no source lines.
BOOTSTRAP = """
import ast, importlib.abc, importlib.util, json, os, sys
settings, args = json.loads(sys.argv[1]), sys.argv[2:]
private = {}
for rel in settings["private"]:
    path = os.path.join(settings["repo"], rel)
    with open(path, "rb") as handle:
        private[os.path.basename(path)[:-3]] = (path, handle.read())
os.setgroups([])
os.setgid(settings["gid"])
os.setuid(settings["uid"])
import pytest
from _pytest.assertion.rewrite import rewrite_asserts


class PrivateTests(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    config = None

    def find_spec(self, fullname, path=None, target=None):
        entry = private.get(fullname.rpartition(".")[2])
        if entry is None:
            return None
        return importlib.util.spec_from_file_location(fullname, entry[0], loader=self)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        path, source = private.pop(module.__name__.rpartition(".")[2])
        tree = ast.parse(source, filename=path)
        rewrite_asserts(tree, source, path, self.config)
        exec(compile(tree, path, "exec", dont_inherit=True), module.__dict__)


finder = PrivateTests()


class KeepFinderFirst:
    @pytest.hookimpl(tryfirst=True)
    def pytest_collection(self, session):
        finder.config = session.config
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
        sys.meta_path.insert(0, finder)  # ahead of pytest's assertion-rewriting hook


sys.meta_path.insert(0, finder)
sys.path.insert(0, settings["repo"])  # after pytest is imported: the repo cannot replace the runner
raise SystemExit(pytest.main(args, plugins=[KeepFinderFirst()]))
"""
NAMES_SCRIPT = (
    "import json, pkgutil, sys\n"
    "names = set(sys.stdlib_module_names) | set(sys.builtin_module_names)\n"
    "names |= {m.name for m in pkgutil.iter_modules()}\n"
    "print(json.dumps(sorted(names)))\n"
)
READ_CHUNK = 1 << 16


def main() -> None:
    config = json.loads(sys.argv[1])
    uid, gid = config["uid"], config["gid"]
    env = dict(os.environ, HOME=config["home"], USER=config["user"], LOGNAME=config["user"])
    phases, began = {}, time.monotonic()
    if config.get("staging"):  # evalrun's grader stages the tree; Harbor's verifier grades /repo in place
        replace_repo(config["staging"])
    phases["reset"] = time.monotonic() - began
    runner = config.get("runner") or {"kind": "pytest"}
    build = None
    if runner["kind"] == "go":  # go test -c per package: compiled as the agent's user, then locked
        build = build_go(runner, uid, gid, env, config["timeout"], config["output_cap"])
        phases["build"] = time.monotonic() - began - phases["reset"]
    elif runner.get("build"):  # e.g. tsc: compiled as the agent's user, before the tree is locked
        build = run_build(runner["build"], uid, gid, env, config["timeout"], config["output_cap"])
        phases["build"] = time.monotonic() - began - phases["reset"]
    if build is not None:
        if build["exit_code"] != 0:
            kill_user(uid)
            json.dump(
                {
                    "exit_code": None,
                    "timed_out": build["timed_out"],
                    "duration": 0.0,
                    "output": base64.b64encode(build["output"]).decode(),
                    "report": "",
                    "report_overflow": False,
                    "shadowing": [],
                    "killed_leftovers": False,
                    "phases_sec": phases,
                    "build_failed": build["exit_code"],
                },
                sys.stdout,
            )
            return
    lock_repo(config["private"])
    phases["lock"] = time.monotonic() - began - sum(phases.values())
    shadowing = remove_shadowing(config["candidates"], uid, gid, env)
    phases["shadowing"] = time.monotonic() - began - sum(phases.values())
    report_dir = config["report_dir"]
    os.mkdir(report_dir, 0o711)
    os.chmod(report_dir, 0o711)
    fifo = os.path.join(report_dir, "report.xml")
    os.mkfifo(fifo, 0o622)
    os.chmod(fifo, 0o622)  # the agent's user may write, never read
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    keeper = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # no EOF while no other writer is open
    runner = config.get("runner") or {"kind": "pytest"}
    output, report = Tail(config["output_cap"]), Capped(config["report_cap"])
    preexec = None
    if runner["kind"] == "go":
        argv = ["sh", "-c", go_script(runner, fifo, config["timeout"])]
        preexec = lambda: drop_to(uid, gid)  # noqa: E731 -- the binaries were compiled before the lock
    elif runner["kind"] == "node":
        argv = ["node", "--test", "--test-reporter=tap", "--test-reporter-destination=" + fifo]
        argv += ["--test-reporter=spec", "--test-reporter-destination=stdout"] + runner["files"]
        preexec = lambda: drop_to(uid, gid)  # noqa: E731 -- node has no private tests to read as root first
    else:
        settings = {"private": config["private"], "repo": REPO, "uid": uid, "gid": gid}
        argv = [env_python(env), "-P", "-c", BOOTSTRAP, json.dumps(settings)]
        argv += config["pytest_args"] + ["--junitxml=" + fifo]
    started = time.monotonic()
    child = subprocess.Popen(  # pytest: as root until the bootstrap has read the private tests
        argv,
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=preexec,
    )
    streams = Pump({child.stdout.fileno(): output, reader: report})
    timed_out = False
    deadline = started + config["timeout"]
    while child.poll() is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        if child.stdout.fileno() in streams.sinks:
            streams.read(timeout=min(0.2, remaining))
        else:  # its output closed: the test process is ending; notice its exit at once
            try:
                child.wait(timeout=min(0.2, remaining))
            except subprocess.TimeoutExpired:
                pass
            streams.read(timeout=0)
    if timed_out:
        kill_group(child.pid)
        killed = kill_user(uid)  # the test process too (it is the agent's by now)
        child.wait()
    else:
        child.wait()  # reaped first: a zombie of the agent's user would count as a leftover
        killed = kill_user(uid)
    phases["tests"] = time.monotonic() - started
    times = os.times()
    phases["supervisor_cpu"] = times.user + times.system
    phases["tests_cpu"] = times.children_user + times.children_system  # the test process, once reaped
    streams.drain()
    os.close(keeper)
    os.close(reader)
    json.dump(
        {
            "exit_code": child.returncode,
            "timed_out": timed_out,
            "duration": time.monotonic() - started,
            "output": base64.b64encode((build["output"] if build else b"") + output.data()).decode(),
            "report": base64.b64encode(report.data).decode(),
            "report_overflow": report.overflow,
            "shadowing": shadowing,
            "killed_leftovers": killed,
            "phases_sec": phases,
        },
        sys.stdout,
    )


def run_build(argv: list, uid: int, gid: int, env: dict, timeout: float, cap: int) -> dict:
    """Run a build step (the compiler) in /repo as the agent's user; its exit code and output."""
    try:
        done = subprocess.run(
            argv,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            preexec_fn=lambda: drop_to(uid, gid),
        )
    except subprocess.TimeoutExpired as exc:
        return {"exit_code": -1, "timed_out": True, "output": (exc.output or b"")[-cap:]}
    return {"exit_code": done.returncode, "timed_out": False, "output": done.stdout[-cap:]}


def build_go(runner: dict, uid: int, gid: int, env: dict, timeout: float, cap: int) -> dict:
    """`go test -c` for each package folder of the run, as the agent's user (the go command runs
    no code of the repo while it builds); the binaries then belong to root, executable but not
    readable by that user (they hold the hidden tests' text)."""
    bin_dir = runner["bin_dir"]
    os.mkdir(bin_dir, 0o700)
    os.chown(bin_dir, uid, gid)
    output, deadline = b"", time.monotonic() + timeout
    result = {"exit_code": 0, "timed_out": False, "output": b""}
    for index, folder in enumerate(runner["packages"]):
        target = "." if folder == "." else "./" + folder
        argv = ["go", "test", "-c", "-o", os.path.join(bin_dir, f"{index}.test"), target]
        result = run_build(argv, uid, gid, env, max(deadline - time.monotonic(), 1.0), cap)
        output += result["output"]
        if result["exit_code"] != 0:
            break
    os.chown(bin_dir, 0, 0)
    os.chmod(bin_dir, 0o711)
    for name in os.listdir(bin_dir):
        path = os.path.join(bin_dir, name)
        os.lchown(path, 0, 0)
        os.chmod(path, 0o711)
    result["output"] = output[-cap:]
    return result


def go_script(runner: dict, fifo: str, timeout: float) -> str:
    """One shell line per package: its test binary under `go tool test2json` (the JSON events `go
    test -json` writes), in the package's folder as `go test` runs it, into the report FIFO. The
    flags are the ones `go test` gives a test binary (-test.paniconexit0: os.Exit(0) in a test
    fails it). Exit status: the last non-zero one, 0 when every binary passed."""
    lines = ["rc=0"]
    for index, folder in enumerate(runner["packages"]):
        binary = os.path.join(runner["bin_dir"], f"{index}.test")
        argv = ["go", "tool", "test2json", "-p", folder, binary, "-test.v=true", "-test.paniconexit0"]
        argv += ["-test.count=1", f"-test.timeout={max(int(timeout) - 5, 5)}s", "-test.run", runner["run"]]
        directory = REPO if folder == "." else os.path.join(REPO, folder)
        lines.append(f"cd {shlex.quote(directory)} && {' '.join(map(shlex.quote, argv))} >{shlex.quote(fifo)} || rc=$?")
    lines.append("exit $rc")
    return "\n".join(lines)


def replace_repo(staging: str) -> None:
    """Empty /repo but its .git, then move every entry of `staging` (same file system) into it."""
    for name in os.listdir(REPO):
        if name == ".git":
            continue
        path = os.path.join(REPO, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    for name in os.listdir(staging):
        os.rename(os.path.join(staging, name), os.path.join(REPO, name))
    os.rmdir(staging)


def lock_repo(private: list[str]) -> None:
    """Everything under /repo (but .git) owned by root and not writable by others; /repo sticky;
    the private test modules readable by root only."""
    for root, dirs, files in os.walk(REPO):
        if root == REPO and ".git" in dirs:
            dirs.remove(".git")
        for name in dirs + files:
            path = os.path.join(root, name)
            os.lchown(path, 0, 0)
            if not os.path.islink(path):
                mode = stat.S_IMODE(os.lstat(path).st_mode)
                os.chmod(path, mode & ~0o022)
    for rel in private:
        path = os.path.join(REPO, rel)
        if os.path.islink(path) or not os.path.isfile(path):
            raise SystemExit(f"{rel} is not a regular file")
        os.chmod(path, 0o600)
    os.chown(REPO, 0, 0)
    os.chmod(REPO, 0o1777)


def remove_shadowing(candidates: list[str], uid: int, gid: int, env: dict) -> list[str]:
    """The candidates (repo-relative new modules) that shadow a stdlib or environment module; removed."""
    if not candidates:
        return []
    names = set(
        json.loads(
            subprocess.run(
                [env_python(env), "-I", "-c", NAMES_SCRIPT],
                cwd="/",
                env=env,
                check=True,
                capture_output=True,
                preexec_fn=lambda: drop_to(uid, gid),
            ).stdout
        )
    )
    shadowing = []
    for rel in candidates:
        base = rel.rsplit("/", 1)[-1]
        name = base.split(".", 1)[0]
        if name in names:
            shadowing.append(rel)
            path = os.path.join(REPO, rel)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            elif os.path.lexists(path):
                os.unlink(path)
    return shadowing


def env_python(env: dict) -> str:
    found = shutil.which("python", path=env.get("PATH"))
    if found is None:
        raise SystemExit("no `python` on the environment's PATH")
    return found


def drop_to(uid: int, gid: int) -> None:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


def kill_user(uid: int) -> bool:
    """Kill every live process of `uid` (root with CAP_KILL; no process of that user is trusted to
    do it), until none is left; True when there were any."""
    killed = False
    for _ in range(200):
        alive = [pid for pid in processes_of(uid)]
        if not alive:
            return killed
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
                killed = True
            except ProcessLookupError:
                pass
        time.sleep(0.01)
    raise SystemExit(f"processes of uid {uid} kept appearing: {processes_of(uid)[:20]}")


def processes_of(uid: int) -> list[int]:
    """Live (not zombie) processes whose real uid is `uid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                status = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        if int(status.get("Uid", "-1 ").split()[0]) == uid and not status.get("State", "").strip().startswith("Z"):
            found.append(int(entry))
    return found


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Tail:
    """The last `cap` bytes of a stream."""

    def __init__(self, cap: int):
        self.cap, self.buffer = cap, bytearray()

    def add(self, chunk: bytes) -> None:
        self.buffer += chunk
        if len(self.buffer) > 2 * self.cap:
            del self.buffer[: len(self.buffer) - self.cap]

    def data(self) -> bytes:
        return bytes(self.buffer[-self.cap :])


class Capped:
    """The first `cap` bytes of a stream, and whether there was more."""

    def __init__(self, cap: int):
        self.cap, self.data, self.overflow = cap, b"", False

    def add(self, chunk: bytes) -> None:
        room = self.cap - len(self.data)
        if len(chunk) > room:
            self.overflow = True
        self.data += chunk[: max(room, 0)]


class Pump:
    """Reads file descriptors into their sinks, forgetting each at its end of file."""

    def __init__(self, sinks: dict):
        self.sinks = dict(sinks)

    def read(self, timeout: float) -> bool:
        """One round: read what is ready (waiting up to `timeout`); False when nothing was."""
        if not self.sinks:
            time.sleep(timeout)
            return False
        ready, _, _ = select.select(list(self.sinks), [], [], timeout)
        for fd in ready:
            try:
                chunk = os.read(fd, READ_CHUNK)
            except BlockingIOError:
                continue
            if chunk:
                self.sinks[fd].add(chunk)
            else:
                self.sinks.pop(fd)
        return bool(ready)

    def drain(self) -> None:
        while self.read(timeout=0):
            pass


if __name__ == "__main__":
    main()
