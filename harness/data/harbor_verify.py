"""evalrun's hidden check as a Harbor verifier (stdlib only; run as root by tests/test.sh).

Harbor runs it in a SEPARATE verifier container (task.toml: [verifier] environment_mode =
"separate"): a fresh container from the task image, into which Harbor copies only the agent's
/repo (the `/repo` artifact). Nothing the agent left running or wrote elsewhere comes along.
What it does, as evalrun's grader does on the host (harness/grader.py, harness/blackbox.py):

1. /tests (this folder: hidden tests, pristine copies, config) becomes root-only.
2. Symlinks in /repo that lead out of it are removed. Protected paths (original test files,
   conftest.py, runner config, sitecustomize, .pth, the task's extras) are restored to the
   original; new ones are removed; each is recorded as tampering.
3. In-process tests: the hidden tests and a randomly named must-fail probe are added to /repo as
   root-only files, and evalrun's grading supervisor (supervise.py, the same file the grader
   uses) runs pytest as the test's user (a fresh uid owning /home/agent, see check_uid): the
   tree root-owned and read-only, shadowing modules removed, the JUnit report through a FIFO,
   every process of that user killed after.
4. Black-box tests: the patched service is started from /repo as the test's user; the hidden
   tests, the client fixtures and a probe run as root from a root-only folder the service cannot
   read, against http://127.0.0.1:<port>; then every process of the test's user is killed.
5. Each run is judged by evalrun's own judge (evalrun_judge.py, made from harness/grader.py at
   export): the report cross-checked with the exit code, the probe and the terminal summary.
6. Only then, with no process of the test's user left, files not root's are removed from
   /logs/verifier and the reward is written there: reward.json {"reward": 1 if resolved else 0,
   ...} and the full verdict in evalrun-verdict.json.

Input: the path of config.json (written by `evalrun export harbor`).
"""

import base64
import fnmatch
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import evalrun_judge as judging  # noqa: E402  (generated beside this file by the export)
import supervise  # noqa: E402  (evalrun's grading supervisor, shipped verbatim)

REPO = supervise.REPO
VERIFIER_DIR = "/logs/verifier"
RUN_DIR = "/run/evalrun"
IGNORED = {"__pycache__", ".pytest_cache", ".git", ".ruff_cache", ".mypy_cache"}


def main() -> None:
    config = load_config(sys.argv[1])
    lock_down(HERE)
    config["uid"] = check_uid(config)
    verdict = {"task_id": config["task_id"], "tampered_paths": [], "removed_symlinks": [], "runs": {}}
    verdict["removed_symlinks"] = remove_escaping_symlinks()
    verdict["tampered_paths"] = restore_protected(config)
    cases, runs = {}, []
    hidden = {rel: read(os.path.join(HERE, "hidden", rel)) for rel in config["hidden_files"]}
    if config["in_process_ids"]:
        # black-box: only the visible tests run in-process; the hidden ones never enter /repo
        run = run_in_process(config, {} if config["black_box_ids"] else hidden, verdict)
        runs.append(("in-process", run))
        cases.update(run.cases)
    else:
        supervise.lock_repo([])  # the service's tree, read-only for the test's user
    if config["black_box_ids"]:
        run = run_black_box(config)
        runs.append(("black-box", run))
        cases.update(run.cases)
    tests = {test_id: judging.outcome_of(test_id, cases) for test_id in config["fail_to_pass"] + config["pass_to_pass"]}
    for name, run in runs:
        verdict["runs"][name] = {
            "exit_code": run.exit_code,
            "consistent": run.consistent,
            "forged": run.forged,
            "forgery": run.forgery,
            "shadowing": run.shadowing,
            "log_tail": run.log_tail[-3000:],
        }
    consistent = all(run.consistent and not run.forged for _, run in runs)
    verdict["tests"] = tests
    verdict["resolved"] = bool(runs) and consistent and all(o == judging.PASSED for o in tests.values())
    verdict["tampered_paths"] = sorted(set(verdict["tampered_paths"]) | {p for _, r in runs for p in r.shadowing})
    supervise.kill_user(config["uid"])
    write_reward(config, verdict)
    print(json.dumps({k: verdict[k] for k in ("task_id", "resolved", "tests", "tampered_paths")}, indent=2))


def check_uid(config: dict) -> int:
    """A uid no process and no account of the container has, owning the agent's home: the code
    under test runs as it, so that killing every process of it spares the container's own (Harbor
    starts the container's keep-alive process as the image's user, the agent's), and nothing the
    image's agent user may run is trusted either."""
    taken = {config["uid"]}
    with open("/etc/passwd") as handle:
        taken |= {int(line.split(":")[2]) for line in handle if line.count(":") >= 3}
    uid = 20000
    while uid in taken or supervise.processes_of(uid):
        uid += 1
    for root, dirs, files in os.walk(config["home"]):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, uid)
    os.chown(config["home"], uid, uid)
    return uid


def load_config(path: str) -> dict:
    with open(path) as handle:
        return json.load(handle)


def read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def write(path: str, content: bytes, mode: int = 0o644) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.lexists(path) and (os.path.islink(path) or not os.path.isfile(path)):
        remove(path)
    with open(path, "wb") as handle:
        handle.write(content)
    os.chmod(path, mode)


def remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def lock_down(folder: str) -> None:
    """This folder (hidden tests, pristine copies, config) readable by root only."""
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            os.lchown(path, 0, 0)
            if not os.path.islink(path):
                os.chmod(path, 0o700 if os.path.isdir(path) else 0o600)
    os.chown(folder, 0, 0)
    os.chmod(folder, 0o700)


def repo_entries() -> list[str]:
    """Repo-relative paths of every file and symlink under /repo (caches and .git left out)."""
    found = []
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in IGNORED and not os.path.islink(os.path.join(root, d))]
        for name in files + [d for d in os.listdir(root) if os.path.islink(os.path.join(root, d))]:
            rel = os.path.relpath(os.path.join(root, name), REPO)
            if not IGNORED & set(rel.split("/")):
                found.append(rel)
    return sorted(set(found))


def remove_escaping_symlinks() -> list[str]:
    """Symlinks that lead out of /repo (to /tests, /proc/self/environ...) are not part of the tree."""
    removed = []
    real_repo = os.path.realpath(REPO)
    for rel in repo_entries():
        path = os.path.join(REPO, rel)
        if os.path.islink(path):
            target = os.path.realpath(path)
            if target != real_repo and not target.startswith(real_repo + os.sep):
                os.unlink(path)
                removed.append(rel)
    return removed


def is_protected(rel: str, config: dict) -> bool:
    """harness.tasks.Task.is_protected, over the data the export wrote."""
    if rel in config["original_protected"]:
        return True
    return any(fnmatch.fnmatch(rel.lower(), pattern.lower()) for pattern in config["protected_patterns"])


def restore_protected(config: dict) -> list[str]:
    tampered = []
    pristine = os.path.join(HERE, "pristine")
    for rel in repo_entries():
        if not is_protected(rel, config):
            continue
        path = os.path.join(REPO, rel)
        if rel in config["original_protected"]:
            original = read(os.path.join(pristine, rel))
            if os.path.islink(path) or not os.path.isfile(path) or read(path) != original:
                write(path, original)
                tampered.append(rel)
        else:
            remove(path)
            tampered.append(rel)
    for rel in config["original_protected"]:
        path = os.path.join(REPO, rel)
        if not os.path.lexists(path):
            write(path, read(os.path.join(pristine, rel)))
            tampered.append(rel)
    return tampered


def make_probe(taken: set[str], folder: str) -> tuple[str, str, bytes]:
    """(path, node id, source) of a randomly named must-fail test (as harness.grader.make_probe)."""
    while True:
        path = f"{folder}/test_{secrets.token_hex(6)}.py"
        if path not in taken:
            break
    name = f"test_{secrets.token_hex(6)}"
    return path, f"{path}::{name}", f"def {name}():\n    assert {name!r} == 'evalrun'\n".encode()


def run_in_process(config: dict, hidden: dict[str, bytes], verdict: dict):
    present = set(repo_entries())
    original = set(config["original_files"])
    for rel, content in hidden.items():
        if rel in present and rel not in original:
            verdict["tampered_paths"].append(rel)  # the agent planted a file where a hidden test goes
        write(os.path.join(REPO, rel), content)
    files = {rel: b"" for rel in repo_entries()}
    candidates = judging.new_module_candidates(files, original | set(hidden))
    probe_path, probe_id, probe_source = make_probe(set(files), config["hidden_dest"])
    write(os.path.join(REPO, probe_path), probe_source)
    ids = list(config["in_process_ids"])
    ids.insert(secrets.randbelow(len(ids) + 1), probe_id)
    os.makedirs(RUN_DIR, exist_ok=True)
    os.chmod(RUN_DIR, 0o711)
    settings = {
        "uid": config["uid"],
        "gid": config["uid"],
        "home": config["home"],
        "user": config["user"],
        "candidates": candidates,
        "private": sorted(hidden) + [probe_path],
        "report_dir": f"{RUN_DIR}/report-{secrets.token_hex(8)}",
        "pytest_args": config["pytest_args"] + ids,
        "timeout": config["test_timeout_sec"],
        "output_cap": config["output_cap"],
        "report_cap": config["report_cap"],
    }
    result = subprocess.run(
        [sys.executable, "-I", os.path.join(HERE, "supervise.py"), json.dumps(settings)],
        capture_output=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"the grading supervisor failed (exit {result.returncode}): {result.stderr[-1500:]!r}")
    outcome = json.loads(result.stdout)
    output = base64.b64decode(outcome["output"]).decode("utf-8", errors="replace")
    log_tail = output[-3000:] + (
        f"\n[the tests did not finish within {config['test_timeout_sec']}s]" if outcome["timed_out"] else ""
    )
    report = base64.b64decode(outcome["report"])
    run = judging.judge(report, outcome["exit_code"], probe_id, log_tail, {}, judging.summary_of(output), set(ids))
    if outcome["report_overflow"]:
        run.consistent = False
    run.shadowing = list(outcome["shadowing"])
    return run


def run_black_box(config: dict):
    service = config["service"]
    uid = config["uid"]
    client = os.path.join("/root", f"evalrun-client-{secrets.token_hex(4)}")
    os.makedirs(client, mode=0o700)
    # harness.blackbox.client_files: a root pytest.ini, the client fixtures and the hidden tests
    files = {rel: read(os.path.join(HERE, "client", rel)) for rel in config["client_files"]}
    probe_path, probe_id, probe_source = make_probe(set(files), config["hidden_dest"])
    files[probe_path] = probe_source
    for rel, content in files.items():
        write(os.path.join(client, rel), content, 0o600)
    log_path = os.path.join(client, "service.log")
    env = dict(os.environ, HOME=config["home"], USER=config["user"], LOGNAME=config["user"], **service["env"])
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            ["sh", "-c", service["command"]],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=lambda: supervise.drop_to(uid, uid),
        )
    url = f"http://127.0.0.1:{service['port']}"
    ready = wait_ready(url + service["ready_path"], service["ready_timeout_sec"], server)
    ids = list(config["black_box_ids"])
    ids.insert(secrets.randbelow(len(ids) + 1), probe_id)
    junit = os.path.join(client, "junit.xml")
    output, exit_code = "", 2
    if ready:
        client_env = {
            key: value for key, value in os.environ.items() if not key.startswith("PYTHON") and key != "VIRTUAL_ENV"
        }
        client_env.update(PATH=os.environ.get("PATH", ""), HOME="/root", **{config["service_url_env"]: url})
        client_env["PYTHONDONTWRITEBYTECODE"] = "1"
        try:
            result = subprocess.run(
                ["python", "-m", "pytest", *config["pytest_args"], f"--junitxml={junit}", "-q", *ids],
                cwd=client,
                env=client_env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=config["test_timeout_sec"],
            )
            output, exit_code = result.stdout.decode("utf-8", errors="replace"), result.returncode
        except subprocess.TimeoutExpired as exc:
            output = (exc.stdout or b"").decode("utf-8", errors="replace")
            output += f"\n[the hidden tests did not finish within {config['test_timeout_sec']}s]"
    supervise.kill_group(server.pid)
    supervise.kill_user(uid)
    server.wait()
    service_log = read(log_path).decode("utf-8", errors="replace")[-2000:]
    if not ready:
        output = f"[the service never answered {service['ready_path']} within {service['ready_timeout_sec']}s]\n"
    report = read(junit) if os.path.isfile(junit) else b""
    log_tail = output[-3000:] + "\n--- service log ---\n" + service_log
    if not ready:
        cases = {test_id: judging.ERROR for test_id in config["black_box_ids"]}
        return judging.PytestRun(cases, exit_code, False, log_tail)
    return judging.judge(report, exit_code, probe_id, log_tail, {}, judging.summary_of(output), set(ids))


def wait_ready(url: str, timeout: float, server: subprocess.Popen) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer counts as ready
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    return False


def write_reward(config: dict, verdict: dict) -> None:
    """With no process of the test's user left, drop files not root's here and write the reward."""
    os.makedirs(VERIFIER_DIR, exist_ok=True)
    verdict["removed_from_verifier_dir"] = []
    for name in sorted(os.listdir(VERIFIER_DIR)):
        path = os.path.join(VERIFIER_DIR, name)
        if os.lstat(path).st_uid != 0 or name.startswith(("reward.", ".reward")):
            remove(path)
            verdict["removed_from_verifier_dir"].append(name)
    tests = verdict["tests"]
    rewards = {
        "reward": 1.0 if verdict["resolved"] else 0.0,
        "fail_to_pass_passed": sum(tests[t] == judging.PASSED for t in config["fail_to_pass"]),
        "fail_to_pass_total": len(config["fail_to_pass"]),
        "pass_to_pass_passed": sum(tests[t] == judging.PASSED for t in config["pass_to_pass"]),
        "pass_to_pass_total": len(config["pass_to_pass"]),
        "tampered": 1 if verdict["tampered_paths"] else 0,
        "forged": 1 if any(run["forged"] for run in verdict["runs"].values()) else 0,
    }
    for name, content in (
        ("evalrun-verdict.json", json.dumps(verdict, indent=2, sort_keys=True)),
        ("reward.json", json.dumps(rewards)),
    ):
        staging = os.path.join(VERIFIER_DIR, f".{name}.{secrets.token_hex(4)}")
        with open(staging, "w") as handle:
            handle.write(content)
        os.chmod(staging, 0o644)
        os.replace(staging, os.path.join(VERIFIER_DIR, name))


if __name__ == "__main__":
    main()
