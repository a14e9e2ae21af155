"""Skill ablation: one variant of a skill per top-level section, with that section removed.

    evalrun skill ablate SKILL.md --out DIR

writes DIR/<section-slug>/SKILL.md for every `## ` section (outside code fences), each the exact
text of the skill without that section (heading through the line before the next `## `), the
frontmatter and the title untouched: the variants keep the skill's name, so the model is told
nothing about which part is missing, and tables tell them apart by sha8 (`skill:<name>@<sha8>`).
The files beside SKILL.md are copied into every variant (for --skill-mode installed).
DIR/ablation.json maps each section to its folder and sha256. Running the variants as conditions
beside the full skill gives each section's attribution: the effect row `variant - full skill` is
the effect of removing that section.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from harness.conditions import ConditionError, read_skill, skill_file

MANIFEST = "ablation.json"


@dataclass(frozen=True)
class Section:
    heading: str  # the heading's text, without "## "
    start: int  # character offsets of the section in the text: [start, end)
    end: int


@dataclass(frozen=True)
class Variant:
    section: str
    folder: str  # relative to the output folder
    sha256: str


def sections(text: str) -> list[Section]:
    """The top-level (`## `) sections of a skill's text, in order; headings inside ``` fences do not count."""
    starts: list[tuple[int, str]] = []
    offset, fenced = 0, False
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            starts.append((offset, line[3:].strip()))
        offset += len(line)
    bounds = [start for start, _ in starts] + [len(text)]
    return [Section(heading, start, bounds[i + 1]) for i, (start, heading) in enumerate(starts)]


def slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-") or "section"


def ablate(path: Path, out: Path) -> list[Variant]:
    """Write one variant per section of the skill at `path` (a file or a folder with SKILL.md) into
    `out`, and the manifest. Raises ConditionError for a skill that cannot be read or has no section."""
    source = skill_file(Path(path))
    text = read_skill(source).guidance
    found = sections(text)
    if not found:
        raise ConditionError(f"skill file {source} has no `## ` section to remove; ablation needs top-level sections")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    beside = [p for p in source.parent.iterdir() if p != source and not p.name.startswith(".")]
    beside = beside if source.name == "SKILL.md" else []
    variants, used = [], set()
    for section in found:
        name = slug(section.heading)
        while name in used:
            name += "-2"
        used.add(name)
        folder = out / name
        folder.mkdir(exist_ok=True)
        for item in beside:
            target = folder / item.name
            if item.is_dir():
                shutil.copytree(item, target, dirs_exist_ok=True)
            else:
                shutil.copy2(item, target)
        variant = text[: section.start] + text[section.end :]
        (folder / "SKILL.md").write_bytes(variant.encode("utf-8", "surrogateescape"))
        variants.append(Variant(section.heading, name, hashlib.sha256(variant.encode()).hexdigest()))
    manifest = {"skill": str(source), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    manifest["variants"] = [asdict(v) for v in variants]
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return variants
