"""Skill use: did the agent read a skill's SKILL.md, and when (--skill-mode installed puts the skill in
a folder the agent must decide to read; measured in every mode, so that the conditions compare).

A read is a command that succeeded (exit 0) and reads a file named SKILL.md with a reading tool (cat,
sed, head, tail, less, more, awk, grep, nl, python...). Pure functions over the trajectory.
"""

from __future__ import annotations

import re

from harness.trajectory import Step, Trajectory

READERS = re.compile(r"(^|[\s;&|(`$])(cat|sed|head|tail|less|more|awk|grep|egrep|rg|nl|bat|strings|od|python3?)\b")
SKILL_FILE = re.compile(r"(^|[\s/'\"=<])SKILL\.md\b")


def reads_skill(step: Step) -> bool:
    command = step.command or ""
    return step.exit_code == 0 and bool(SKILL_FILE.search(command)) and bool(READERS.search(command))


def metrics(trajectory: Trajectory | None) -> dict:
    """skill_read, skill_read_step (the first reading step's index), skill_read_before_first_edit
    (read before the first step that changed a file; True when read and nothing was edited). None: no steps."""
    if trajectory is None or not trajectory.steps:
        return dict.fromkeys(("skill_read", "skill_read_step", "skill_read_before_first_edit"))
    read = next((s.index for s in trajectory.steps if reads_skill(s)), None)
    edit = next((s.index for s in trajectory.steps if s.changed_files), None)
    return {
        "skill_read": read is not None,
        "skill_read_step": read,
        "skill_read_before_first_edit": read is not None and (edit is None or read < edit),
    }
