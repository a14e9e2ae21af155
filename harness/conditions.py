"""Conditions: what a trial's agent is given besides the task, and how each one is named.

A condition's identity is (kind, name, sha256 of the exact guidance text, delivery mode), plus the
source it came from:

- baseline: no guidance (name "baseline");
- skill: a skill file's exact text (bundled SKILL.md, or any file / folder given with --skill); its
  name is the SKILL.md frontmatter `name:`, else the file stem (with a warning);
- placebo: a neutral text of exactly the skill's length in the same place, to separate the skill's
  content from the effect of a longer prompt (name "placebo").

Delivery (the mode): inline, the text in the system prompt; installed, the skill's folder under the
agent's home (~/.skills/<name>/) with only its name, description and path in the prompt
(Condition.delivered). Every trial record carries its condition's identity (harness.results.TrialRecord), and every
table built from records names a condition by `label_conditions`: `baseline`, `skill:<name>`,
`placebo`, with `@<sha8>` added when two different texts share a label, so two different skill
files are never pooled into one row.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from harness import paths

INLINE = "inline"  # the guidance text in the system prompt
INSTALLED = "installed"  # the skill's folder in the agent's home, only its name and description in the prompt
MODES = (INLINE, INSTALLED)
NO_DELIVERY = "none"  # the baseline's mode: nothing is delivered
AGENT_HOME = "/home/agent"  # the agent user's home in the task images (harness.images)
SKILLS_DIR = ".skills"  # installed skills: ~/.skills/<name>/SKILL.md
MAX_SKILL_FOLDER_BYTES = 1 << 20  # the files installed beside SKILL.md, at most


class ConditionKind(StrEnum):
    """A condition's kind, as recorded (a str: records and configs hold the plain value)."""

    BASELINE = "baseline"
    SKILL = "skill"
    PLACEBO = "placebo"


class ConditionError(ValueError):
    """A condition that cannot be built from the command line (one line, naming the file and the fix)."""


@dataclass(frozen=True)
class InstalledSkill:
    """What `installed` delivery puts in the container: a skill folder, and what the prompt lists of it."""

    name: str  # the folder's name under SKILLS_HOME and the name listed
    description: str
    files: dict[str, bytes]  # folder-relative path -> content; SKILL.md among them

    @property
    def path(self) -> str:
        return f"{AGENT_HOME}/{SKILLS_DIR}/{self.name}/SKILL.md"

    def tree(self) -> tuple[str, dict[str, bytes]]:
        """(an existing folder of the container, path under it -> content): what write_tree installs."""
        return AGENT_HOME, {f"{SKILLS_DIR}/{self.name}/{rel}": data for rel, data in self.files.items()}


@dataclass(frozen=True)
class Delivery:
    """How an agent receives a condition: inline guidance text, or an installed skill (never both)."""

    guidance: str = ""
    installed: InstalledSkill | None = None


@dataclass(frozen=True)
class Condition:
    kind: ConditionKind
    name: str  # "baseline", the skill's name, or "placebo"
    guidance: str  # the text put in the guidance slot ("" for baseline), exactly as read
    source: str  # the skill file it came from (for a placebo: the file it is sized like); "" for baseline
    mode: str = INLINE
    listed_name: str = ""  # installed: the name and description the prompt lists (a placebo's: its skill's)
    description: str = ""
    extra_files: tuple[tuple[str, bytes], ...] = ()  # installed: the files beside SKILL.md in its folder

    def delivered(self) -> Delivery:
        if self.kind == ConditionKind.BASELINE:
            return Delivery()
        if self.mode == INLINE:
            return Delivery(guidance=self.guidance)
        files = dict(self.extra_files) | {"SKILL.md": self.guidance.encode("utf-8", "surrogateescape")}
        folder = _slug(self.listed_name or self.name)
        return Delivery(installed=InstalledSkill(folder, self.description, files))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.guidance.encode("utf-8", "surrogateescape")).hexdigest()

    @property
    def delivery(self) -> str:
        return NO_DELIVERY if self.kind == ConditionKind.BASELINE else self.mode

    @property
    def key(self) -> str:
        """Unique among a run's conditions; the middle part of its trial ids."""
        if self.kind == ConditionKind.SKILL:
            return f"skill-{_slug(self.name)}-{self.sha256[:8]}"
        return str(self.kind)

    @property
    def label_key(self) -> tuple[str, str, str, str]:
        """(kind, name, sha256, delivery): what label_conditions names."""
        return (str(self.kind), self.name, self.sha256, self.delivery)

    def identity(self) -> dict:
        """What a record and a run's config carry about the condition."""
        return {
            "condition": str(self.kind),
            "condition_name": self.name,
            "guidance_sha256": self.sha256,
            "delivery": self.delivery,
            "guidance_source": self.source,
        }


IDENTITY_FIELDS = ("condition", "condition_name", "guidance_sha256", "delivery", "guidance_source")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "skill"


# -- skill files ------------------------------------------------------------------------------------
def frontmatter(text: str) -> dict[str, str]:
    """The `key: value` lines of a leading `---` block (SKILL.md frontmatter); {} when there is none."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    values: dict[str, str] = {}
    for line in lines[1:]:
        if line.strip() == "---":
            return values
        match = re.match(r"([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if match:
            values[match.group(1)] = match.group(2).strip().strip("'\"")
    return {}  # an unterminated block is not frontmatter


def skill_file(path: Path) -> Path:
    """The SKILL.md a --skill argument names: the file itself, or SKILL.md in a folder."""
    path = Path(path)
    if path.is_dir():
        inside = path / "SKILL.md"
        if not inside.is_file():
            raise ConditionError(
                f"skill folder {path} has no SKILL.md; pass the skill file, or a folder holding SKILL.md"
            )
        return inside
    if not path.exists():
        raise ConditionError(f"skill file {path} does not exist; pass an existing file to --skill")
    return path


def read_skill(path: Path, warn: Callable[[str], None] = lambda message: None, mode: str = INLINE) -> Condition:
    """The skill condition of a --skill argument (a file or a folder with SKILL.md). Installed, a SKILL.md
    brings the files beside it (its folder, at most MAX_SKILL_FOLDER_BYTES); any other file is installed
    alone, as SKILL.md. Raises ConditionError."""
    if mode not in MODES:
        raise ConditionError(f"unknown --skill-mode {mode!r}; use {' or '.join(MODES)}")
    file = skill_file(path)
    try:
        text = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConditionError(f"skill file {file} cannot be read ({exc}); pass a readable UTF-8 text file") from None
    if not text.strip():
        raise ConditionError(f"skill file {file} is empty; pass a file with the skill's text")
    name = frontmatter(text).get("name", "").strip()
    if not name:
        name = file.parent.name if file.name == "SKILL.md" and file.parent.name else file.stem
        warn(
            f"skill file {file} has no frontmatter `name:`; it is named {name!r} after its file (add `name:` to set it)"
        )
    description = frontmatter(text).get("description", "").strip() or f"the {name} skill"
    extra = _folder_files(file) if mode == INSTALLED and file.name == "SKILL.md" else ()
    return Condition(ConditionKind.SKILL, name, text, str(file), mode, name, description, extra)


def _folder_files(skill_md: Path) -> tuple[tuple[str, bytes], ...]:
    """The files beside a SKILL.md (recursively; hidden entries left out), as installed with it."""
    folder, files, total = skill_md.parent, [], 0
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path == skill_md or not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise ConditionError(f"skill folder {folder}: cannot read {rel} ({exc}); fix it or remove it") from None
        total += len(content)
        if total > MAX_SKILL_FOLDER_BYTES:
            raise ConditionError(
                f"skill folder {folder} holds more than {MAX_SKILL_FOLDER_BYTES >> 20} MiB besides SKILL.md; "
                "installed mode copies all of it: keep only the skill's own files there"
            )
        files.append((rel.as_posix(), content))
    return tuple(files)


def placebo_text(length: int) -> str:
    """The neutral placebo passage, repeated and cut to exactly `length` characters."""
    passage = (paths.evals_dir() / "placebo.md").read_text().strip() + "\n\n"
    repeated = passage * (length // len(passage) + 1)
    return repeated[:length]


def placebo_like(skill: Condition) -> Condition:
    """The placebo of a skill: its length, its delivery; installed, listed under the skill's name and
    description (so the prompt is the same), without the files beside the skill."""
    text = placebo_text(len(skill.guidance))
    return Condition(ConditionKind.PLACEBO, "placebo", text, skill.source, skill.mode, skill.name, skill.description)


BASELINE = Condition(ConditionKind.BASELINE, "baseline", "", "")


def make_conditions(
    kinds: Iterable[str] | None,
    skills: list[Path],
    warn: Callable[[str], None] = lambda message: None,
    with_skill: bool = False,
    placebo: bool = False,
    mode: str = INLINE,
) -> list[Condition]:
    """The conditions of a run, in order, from --conditions, --skill (repeatable), --with-skill, --placebo.

    With --conditions: every listed kind (baseline, skill, placebo); `skill` stands for every --skill
    (the bundled skill without one), and --skill files are run even when `skill` is not listed; the
    placebo is sized like the first skill. Without it, the single-condition spellings: none (baseline),
    --with-skill (the bundled skill), --skill PATH ... (those skills), --placebo [--skill PATH] (a
    placebo sized like PATH or the bundled skill). `mode`: how skill and placebo are delivered (MODES).
    Raises ConditionError before anything starts.
    """
    if mode not in MODES:
        raise ConditionError(f"unknown --skill-mode {mode!r}; use {' or '.join(MODES)}")
    listed = kinds is not None
    if kinds is not None:
        if with_skill or placebo:
            raise ConditionError("--conditions lists the conditions; leave out --with-skill / --placebo")
        kinds = [k.strip() for k in kinds if k.strip()]
        unknown = [k for k in kinds if k not in set(ConditionKind)]
        if unknown or not kinds:
            raise ConditionError(
                f"unknown condition {', '.join(map(repr, unknown)) or '(none)'} in --conditions; "
                f"use a comma-separated list of {', '.join(ConditionKind)} (skill files with --skill)"
            )
    elif placebo:
        if with_skill:
            raise ConditionError("--placebo replaces the skill: use it without --with-skill")
        if len(skills) > 1:
            raise ConditionError("--placebo is sized like one skill: pass at most one --skill (or use --conditions)")
        kinds = ["placebo"]
    else:
        kinds = ["skill"] if with_skill or skills else ["baseline"]
    treated = [read_skill(path, warn, mode) for path in (skills or [paths.bundled_skill()])]
    _refuse_duplicates(treated, skills)
    conditions: list[Condition] = []
    for kind in dict.fromkeys(kinds):
        if kind == ConditionKind.BASELINE:
            conditions.append(BASELINE)
        elif kind == ConditionKind.PLACEBO:
            conditions.append(placebo_like(treated[0]))
        elif kind == ConditionKind.SKILL:
            conditions += treated
    if listed and skills and ConditionKind.SKILL not in kinds:
        conditions += treated  # --conditions baseline,placebo --skill a --skill b: the skills run too
    return conditions


def _refuse_duplicates(treated: list[Condition], skills: list[Path]) -> None:
    seen: dict[str, Condition] = {}
    for condition in treated:
        other = seen.get(condition.sha256)
        if other is not None:
            raise ConditionError(
                f"--skill {other.source} and --skill {condition.source} have the same text; pass each skill once"
            )
        seen[condition.sha256] = condition


# -- naming conditions in tables --------------------------------------------------------------------
def base_label(kind: str, name: str | None) -> str:
    if kind == ConditionKind.SKILL and name:
        return f"skill:{name}"
    return str(kind)


def label_conditions(identities: Iterable[tuple[str, str | None, str | None, str | None]]) -> dict[tuple, str]:
    """(kind, name, sha256, delivery) -> its label in tables: baseline, skill:<name>, placebo; a
    delivery other than inline adds [mode]; two different texts under one label add @<sha8> (both
    get it), so different conditions never share a label."""
    identities = list(dict.fromkeys(identities))
    first = {}
    for identity in identities:
        kind, name, _sha, delivery = identity
        label = base_label(kind, name)
        if delivery and delivery not in (INLINE, NO_DELIVERY):
            label += f"[{delivery}]"
        first[identity] = label
    labels = {}
    for identity, label in first.items():
        texts = {other[2] for other, same in first.items() if same == label}
        if len(texts) > 1 and identity[2]:
            label = f"{label}@{identity[2][:8]}"
        labels[identity] = label
    return labels


def make_condition(with_skill: bool, skill_path: Path | None, placebo: bool) -> Condition:
    """The one condition of a single-condition run (--with-skill, --skill PATH, --placebo). Raises ConditionError."""
    return make_conditions(None, [Path(skill_path)] if skill_path else [], with_skill=with_skill, placebo=placebo)[0]


def legacy_identity(config: dict) -> dict:
    """The condition identity of a record written before records carried it (schema 1 and 2), from its
    run's config (condition, guidance_source, guidance_sha256). The skill's name is its file's
    frontmatter name when the file still holds that text, else named after the path; None when the
    config names no file."""
    kind = config.get("condition")
    source = config.get("guidance_source") or ""
    sha = config.get("guidance_sha256")
    name: str | None = {ConditionKind.BASELINE: "baseline", ConditionKind.PLACEBO: "placebo"}.get(kind)
    if kind == ConditionKind.SKILL and source:
        path = Path(source)
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        if text is not None and hashlib.sha256(text.encode()).hexdigest() == sha:
            name = frontmatter(text).get("name") or None
        name = name or (path.parent.name if path.name == "SKILL.md" and path.parent.name else path.stem)
    delivery = None if kind is None else NO_DELIVERY if kind == ConditionKind.BASELINE else INLINE
    return {
        "condition": kind,
        "condition_name": name,
        "guidance_sha256": sha,
        "delivery": delivery,
        "guidance_source": source or None,
    }


def config_conditions(config: dict) -> list[dict]:
    """A run config's conditions (identity dicts): its `conditions`, or the single condition of a
    config written before it (legacy_identity)."""
    return config.get("conditions") or [legacy_identity(config)]
