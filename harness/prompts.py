"""Prompts: jinja2 templates under evals/prompts (data, not code) and the three conditions.

- baseline: no guidance;
- skill: the skill text (bundled SKILL.md, or any file given with --skill) as guidance;
- placebo: a neutral text of exactly the skill's length in the same place, to separate the
  skill's content from the effect of a longer prompt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import jinja2

from harness import paths


class ConditionKind(StrEnum):
    """A condition's name, as recorded (a str: records and configs hold the plain value)."""

    BASELINE = "baseline"
    SKILL = "skill"
    PLACEBO = "placebo"


@dataclass(frozen=True)
class Condition:
    name: ConditionKind
    guidance: str  # the text put in the guidance slot ("" for baseline)
    source: str  # where the guidance came from (a path, or "" for baseline)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.guidance.encode()).hexdigest()


def placebo_text(length: int) -> str:
    """The neutral placebo passage, repeated and cut to exactly `length` characters."""
    passage = (paths.evals_dir() / "placebo.md").read_text().strip() + "\n\n"
    repeated = passage * (length // len(passage) + 1)
    return repeated[:length]


def make_condition(with_skill: bool, skill_path: Path | None, placebo: bool) -> Condition:
    """The condition a run evaluates. With --placebo, --skill PATH only sets the placebo's length."""
    if placebo and with_skill:
        raise ValueError("--placebo replaces the skill: use it without --with-skill")
    path = Path(skill_path) if skill_path else paths.bundled_skill()
    if skill_path is not None or with_skill or placebo:
        if not path.is_file():
            raise ValueError(f"skill file {path} does not exist; pass an existing file to --skill")
        text = path.read_text()
        if not text.strip():
            raise ValueError(f"skill file {path} is empty; pass a file with the skill's text")
        if placebo:
            return Condition(
                ConditionKind.PLACEBO, placebo_text(len(text)), f"placebo ({len(text)} characters, like {path.name})"
            )
        return Condition(ConditionKind.SKILL, text, str(path))
    return Condition(ConditionKind.BASELINE, "", "")


class Prompts:
    """Renders the templates; every rendered text is what the model sees, and is recorded."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder or paths.evals_dir() / "prompts")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.folder),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            autoescape=False,
        )

    def render(self, name: str, **values) -> str:
        return self.env.get_template(f"{name}.md.j2").render(**values).strip() + "\n"

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.folder.glob("*.j2")):
            digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()[:16]
