"""Prompts: jinja2 templates under evals/prompts (data, not code). The conditions whose guidance
they carry are harness.conditions (re-exported here for older imports)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

from harness import paths
from harness.conditions import Condition, ConditionKind, make_condition, placebo_text

__all__ = ["Condition", "ConditionKind", "Prompts", "make_condition", "placebo_text"]


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
