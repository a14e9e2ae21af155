"""evalrun's launcher of aider inside the task container (run by the aider venv's own python).

    python aider_driver.py EVENTS_FILE [aider's arguments...]

It runs `aider.main.main()`, the entry point of the `aider` console script, unchanged, and records
what aider does on its own between model calls as JSON lines in EVENTS_FILE, each with its unix
time: a file it adds to the chat ("read", path), the edits it applies ("edit", paths; or
"edit_error" when the reply did not conform to the edit format), and each command it runs (its
auto-test command, a shell command: "command", command, exit_code, output). Aider prints a test
run's output to the terminal and hands it to the model only when it fails; this record keeps both.
"""

import json
import sys
import time


def main():
    events = sys.argv[1]
    sys.argv = ["aider", *sys.argv[2:]]

    def note(kind, **data):
        with open(events, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"kind": kind, "time": time.time(), **data}, ensure_ascii=False) + "\n")

    import aider.commands
    import aider.run_cmd
    from aider.coders import base_coder

    run_cmd = aider.run_cmd.run_cmd

    def recorded_run_cmd(command, *args, **kwargs):
        exit_code, output = run_cmd(command, *args, **kwargs)
        note("command", command=command, exit_code=exit_code, output=output or "")
        return exit_code, output

    aider.commands.run_cmd = recorded_run_cmd
    base_coder.run_cmd = recorded_run_cmd

    coder = base_coder.Coder
    add_rel_fname, apply_updates = coder.add_rel_fname, coder.apply_updates

    def recorded_add(self, rel_fname):
        note("read", path=rel_fname)
        return add_rel_fname(self, rel_fname)

    def recorded_apply(self):
        before = self.reflected_message
        edited = apply_updates(self)
        if edited:
            note("edit", paths=sorted(str(path) for path in edited))
        elif self.reflected_message and self.reflected_message != before:
            note("edit_error", error=str(self.reflected_message)[:4000])
        return edited

    coder.add_rel_fname, coder.apply_updates = recorded_add, recorded_apply

    from aider.main import main as aider_main

    return aider_main()


if __name__ == "__main__":
    sys.exit(main())
