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


def manifest_of(variant_source: str | Path) -> dict | None:
    """The manifest of the ablation a skill file belongs to: DIR/ablation.json for DIR/<section>/SKILL.md
    (the layout `ablate` writes); None when there is none. Raises ConditionError for a manifest that
    cannot be read."""
    path = Path(variant_source).parent.parent / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ConditionError(
            f"ablation manifest {path} cannot be read ({exc}); rewrite it with evalrun skill ablate"
        ) from None
    variants = manifest.get("variants") if isinstance(manifest, dict) else None
    if not (
        isinstance(manifest, dict)
        and isinstance(manifest.get("sha256"), str)
        and isinstance(variants, list)
        and all(
            isinstance(v, dict) and isinstance(v.get("section"), str) and isinstance(v.get("sha256"), str)
            for v in variants
        )
    ):
        raise ConditionError(
            f"ablation manifest {path} lacks the skill's sha256 or its variants' section and sha256; "
            "rewrite it with evalrun skill ablate"
        )
    return manifest


def removed_sections(sources: list[str | Path]) -> dict[str, tuple[str, str]]:
    """variant sha256 -> (the full skill's sha256, the heading of the section it lacks), from the
    manifests of these skill files (a run's guidance sources)."""
    found: dict[str, tuple[str, str]] = {}
    for source in dict.fromkeys(str(s) for s in sources if s):
        manifest = manifest_of(source)
        for variant in (manifest or {}).get("variants", []):
            found[variant["sha256"]] = (manifest["sha256"], variant["section"])
    return found
