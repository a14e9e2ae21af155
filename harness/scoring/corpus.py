"""The real-commit corpus (issue 11): human bug-fix commits from public Python projects, each scored
the way evalrun scores any patch, and every detector firing labelled by hand.

A commit becomes a synthetic `no-op` task: its repo holds the parent's version of every file the
commit touches (plus the few context files the build found necessary, see scripts/build_corpus.py)
and the commit's patch is scored against it by the same PatchView, `banned.findings` and
`test_integrity.metrics` that `score_trial` uses. Nothing in a human bug fix is expected to fire, so
every firing is checked by hand against docs/metrics.md: `label` TP / FP (does the line match the
documented definition?) and, separately, `practice` yes / no (is it the practice the skill clause
names?).

tests/fixtures/corpus_real/:
  recipe.toml        projects (url, mirror head), selection rule, and per commit: project, commit,
                     parent, subject, sha256 of its patch
  <project>.jsonl.xz one JSON object per commit: commit, parent, patch, files {path: base64 of the
                     parent's content}
  labels.toml        [[banned]] and [[integrity]] labels, keyed by firing identity

Firing identity. banned: (commit, file, family, whitespace-normalized line text, occurrence among
the file's equal lines, firing or not), so a label survives detector changes that keep the firing;
integrity metrics have no line, so: (commit, metric, count): a label holds only at the count it judged.
A firing without a label is reported as unlabelled and not measured; a label matching no current
firing is reported as retired (a fixed false positive, a lost true positive, or a label written for
another version of the detectors).
"""

from __future__ import annotations

import base64
import hashlib
import json
import lzma
import os
import tempfile
import tomllib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from harness import paths
from harness.scoring import banned, test_integrity
from harness.scoring.patch_view import PatchView
from harness.tasks import load_task

DEFAULT_CORPUS = paths.PROJECT_ROOT / "tests" / "fixtures" / "corpus_real"
CORPORA = {"real": DEFAULT_CORPUS}
INTEGRITY_METRICS = (
    "test_ids_lost",
    "skip_xfail_added",
    "assertions_removed",
    "assertions_loosened",
    "expected_literals_changed",
    "runner_config_touched",
    "hidden_test_path_planted",
    "runner_hooks_added",
    "tampered",
)
LABELS = ("TP", "FP")
PRACTICE = ("yes", "no")
MIN_FIRINGS = 5  # below this many labelled firings a family's precision is not reported
TARGET_PRECISION = 0.95
TARGET_FP_RATE = 0.02
HIDDEN_TEST = "def test_corpus_noop():\n    assert True\n"
INSTRUCTION = "Check whether anything in this repository needs changing, and change nothing that works.\n"


class CorpusError(Exception):
    """The corpus is corrupt (missing or mismatched data, a patch that no longer applies, bad labels)."""


@dataclass(frozen=True)
class CorpusCommit:
    project: str
    commit: str
    parent: str
    subject: str
    patch: str
    files: dict[str, bytes]


@dataclass(frozen=True)
class Firing:
    commit: str
    kind: str  # banned | integrity
    family: str  # banned category or integrity metric
    file: str = ""
    text: str = ""  # normalized line text (banned)
    occurrence: int = 0
    rule: str = ""  # the detector's detail (informational, not part of the identity)
    line: int = 0
    count: int = 0  # integrity: the metric's value

    @property
    def key(self) -> tuple:
        if self.kind == "banned":
            return ("banned", self.commit, self.file, self.family, self.text, self.occurrence)
        return ("integrity", self.commit, self.family, self.count)


@dataclass(frozen=True)
class Label:
    key: tuple
    label: str
    practice: str
    note: str


def normalize(text: str) -> str:
    return " ".join(text.split())


# -- scoring --------------------------------------------------------------------------------------
def write_task(task_dir: Path, task_id: str, files: dict[str, bytes] | None) -> Path:
    """A no-op task folder whose repo/ holds `files` (None: the caller fills repo/ itself)."""
    task_dir.mkdir(parents=True)
    (task_dir / "task.toml").write_text(
        f'id = "{task_id}"\ntitle = "Real commit {task_id}"\ncategory = "no-op"\ndifficulty = "easy"\n'
        'language = "python"\nskill_rules = ["surgical-diffs"]\nexpected_outcome = "no-op"\n\n'
        '[repo]\npath = "repo"\n\n[tests]\nfail_to_pass = []\n'
        'pass_to_pass = ["tests/test_hidden_corpus.py::test_corpus_noop"]\n'
    )
    (task_dir / "instruction.md").write_text(INSTRUCTION)
    (task_dir / "tests").mkdir()
    (task_dir / "tests" / "test_hidden_corpus.py").write_text(HIDDEN_TEST)
    repo = task_dir / "repo"
    repo.mkdir()
    for rel, content in (files or {}).items():
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return repo


def finish_repo(repo: Path) -> None:
    if not (repo / "requirements.txt").exists():
        (repo / "requirements.txt").write_text("")


def score_task_dir(task_dir: Path, commit: str, patch: str) -> list[Firing]:
    """Every banned finding and non-zero integrity metric of `patch` against the task's repo."""
    task = load_task(task_dir)
    view = PatchView(task, patch)
    if view.apply_error is not None:
        raise CorpusError(f"{commit}: the patch does not apply to its cached files: {view.apply_error}")
    firings: list[Firing] = []
    found = banned.findings(view)
    for family in banned.CATEGORIES:
        for finding in sorted(found[family], key=lambda f: (f.path, f.line)):
            lines = [normalize(line) for line in view.text_lines(finding.path)]
            text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
            occurrence = lines[: finding.line - 1].count(text)  # among the file's equal lines, firing or not
            firings.append(
                Firing(commit, "banned", family, finding.path, text, occurrence, finding.detail, finding.line)
            )
    scores = test_integrity.metrics(view)
    for metric in INTEGRITY_METRICS:
        value = scores[metric]
        if value:
            firings.append(Firing(commit, "integrity", metric, count=int(value)))
    return firings


def score_commit(item: CorpusCommit, workdir: Path | None = None) -> list[Firing]:
    with tempfile.TemporaryDirectory(prefix="evalrun-corpus-", dir=workdir) as tmp:
        task_id = f"corpus-{item.project}-{item.commit[:12]}"
        repo = write_task(Path(tmp) / task_id, task_id, item.files)
        finish_repo(repo)
        return score_task_dir(Path(tmp) / task_id, item.commit, item.patch)


# -- loading --------------------------------------------------------------------------------------
def patch_digest(patch: str) -> str:
    return hashlib.sha256(patch.encode("utf-8", errors="surrogateescape")).hexdigest()


def load_recipe(root: Path) -> dict:
    path = Path(root) / "recipe.toml"
    if not path.is_file():
        raise CorpusError(f"no recipe.toml in {root}")
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{path}: not valid TOML ({exc})") from exc


def load_corpus(root: Path = DEFAULT_CORPUS) -> list[CorpusCommit]:
    """Every commit the recipe lists, with its cached patch and parent files (checked against the recipe)."""
    root = Path(root)
    recipe = load_recipe(root)
    listed = {c["commit"]: c for c in recipe.get("commit", [])}
    if len(listed) != len(recipe.get("commit", [])):
        raise CorpusError("recipe.toml lists a commit twice")
    commits: list[CorpusCommit] = []
    for project in recipe.get("project", []):
        data = root / f"{project['name']}.jsonl.xz"
        if not data.is_file():
            raise CorpusError(f"missing {data.name} for project {project['name']}")
        try:
            lines = lzma.decompress(data.read_bytes()).decode("utf-8", errors="surrogateescape").splitlines()
        except lzma.LZMAError as exc:
            raise CorpusError(f"{data.name}: not an xz file ({exc})") from exc
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
                files = {p: base64.b64decode(c) for p, c in record["files"].items()}
                commit, patch = record["commit"], record["patch"]
            except (ValueError, KeyError, TypeError) as exc:
                raise CorpusError(f"{data.name} line {number}: malformed record ({exc})") from exc
            entry = listed.pop(commit, None)
            if entry is None:
                raise CorpusError(f"{data.name}: commit {commit} is not in recipe.toml")
            if entry["project"] != project["name"] or patch_digest(patch) != entry["patch_sha256"]:
                raise CorpusError(f"{data.name}: commit {commit} does not match recipe.toml (project or patch digest)")
            commits.append(CorpusCommit(project["name"], commit, entry["parent"], entry["subject"], patch, files))
    if listed:
        raise CorpusError(f"recipe.toml lists {len(listed)} commit(s) with no cached data, e.g. {next(iter(listed))}")
    return commits


def load_labels(root: Path = DEFAULT_CORPUS) -> dict[tuple, Label]:
    path = Path(root) / "labels.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{path}: not valid TOML ({exc})") from exc
    labels: dict[tuple, Label] = {}
    for kind in ("banned", "integrity"):
        for index, item in enumerate(data.get(kind, []), 1):
            try:
                if kind == "banned":
                    firing = Firing(
                        item["commit"],
                        kind,
                        item["family"],
                        item["file"],
                        normalize(item["text"]),
                        item.get("occurrence", 0),
                    )
                else:
                    firing = Firing(item["commit"], kind, item["metric"], count=item["count"])
                label = Label(firing.key, item["label"], item["practice"], item.get("note", ""))
            except KeyError as exc:
                raise CorpusError(f"labels.toml [[{kind}]] #{index}: missing field {exc}") from exc
            if label.label not in LABELS or label.practice not in PRACTICE:
                raise CorpusError(f"labels.toml [[{kind}]] #{index}: label must be TP/FP and practice yes/no")
            if firing.family not in (banned.CATEGORIES if kind == "banned" else INTEGRITY_METRICS):
                raise CorpusError(f"labels.toml [[{kind}]] #{index}: unknown family {firing.family!r}")
            if firing.key in labels:
                raise CorpusError(f"labels.toml [[{kind}]] #{index}: a second label for the same firing")
            labels[firing.key] = label
    return labels


# -- the report -----------------------------------------------------------------------------------
@dataclass
class FamilyRow:
    family: str
    kind: str
    firings: int = 0
    tp: int = 0
    fp: int = 0
    practice_yes: int = 0
    practice_no: int = 0
    unlabelled: int = 0

    @property
    def labelled(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return self.tp / self.labelled if self.labelled >= MIN_FIRINGS else None

    @property
    def practice_precision(self) -> float | None:
        return self.practice_yes / self.labelled if self.labelled >= MIN_FIRINGS else None

    @property
    def reason(self) -> str:
        if self.labelled >= MIN_FIRINGS:
            return ""
        return f"{self.labelled} labelled firing(s) < {MIN_FIRINGS}"


@dataclass
class Rate:
    """Commits on which banned_any fires only through bad firings (none good, none unlabelled)."""

    commits: int
    fired: int = 0
    bad_only: int = 0
    undetermined: int = 0  # no good firing but some unlabelled

    @property
    def value(self) -> float | None:
        """None while any commit is undetermined (its unlabelled firings are not measured)."""
        return self.bad_only / self.commits if self.commits and not self.undetermined else None

    @property
    def bounds(self) -> tuple[float, float] | None:
        """(lowest, highest) rate the undetermined commits allow."""
        if not self.commits:
            return None
        return self.bad_only / self.commits, (self.bad_only + self.undetermined) / self.commits


@dataclass
class CorpusReport:
    commits: int
    projects: dict[str, int]
    rows: list[FamilyRow]
    fp_rate: Rate  # bad = label FP
    practice_rate: Rate  # bad = practice no
    unlabelled: list[Firing] = field(default_factory=list)
    retired: list[Label] = field(default_factory=list)
    firings: list[Firing] = field(default_factory=list)

    def failures(self) -> list[str]:
        """What keeps the corpus from meeting issue 11's targets (empty: met)."""
        problems = [
            f"{row.family}: precision {row.precision:.2f} < {TARGET_PRECISION}"
            for row in self.rows
            if row.precision is not None and row.precision < TARGET_PRECISION
        ]
        if self.fp_rate.value is None or self.fp_rate.value > TARGET_FP_RATE:
            problems.append(f"banned_any false-positive commit rate {_fmt(self.fp_rate.value)} > {TARGET_FP_RATE}")
        if self.unlabelled:
            problems.append(f"{len(self.unlabelled)} firing(s) unlabelled (not measured)")
        return problems


def _rate(commits: list[CorpusCommit], firings: list[Firing], labels: dict[tuple, Label], bad) -> Rate:
    rate = Rate(len(commits))
    by_commit: dict[str, list[Firing]] = {}
    for firing in firings:
        if firing.kind == "banned":
            by_commit.setdefault(firing.commit, []).append(firing)
    for fired in by_commit.values():
        rate.fired += 1
        verdicts = [labels.get(f.key) for f in fired]
        if any(v is not None and not bad(v) for v in verdicts):
            continue
        if any(v is None for v in verdicts):
            rate.undetermined += 1
        else:
            rate.bad_only += 1
    return rate


def evaluate(commits: list[CorpusCommit], firings: list[Firing], labels: dict[tuple, Label]) -> CorpusReport:
    rows = {f: FamilyRow(f, "banned") for f in banned.CATEGORIES}
    rows |= {m: FamilyRow(m, "integrity") for m in INTEGRITY_METRICS}
    known = {c.commit for c in commits}
    stray = [key for key in labels if key[1] not in known]
    if stray:
        raise CorpusError(f"labels.toml labels {len(stray)} firing(s) of commits not in the corpus, e.g. {stray[0]}")
    report = CorpusReport(
        len(commits), dict(Counter(c.project for c in commits)), list(rows.values()), Rate(0), Rate(0), firings=firings
    )
    live: dict[tuple, Label] = {}
    for firing in firings:
        row = rows[firing.family]
        row.firings += 1
        label = labels.get(firing.key)
        if label is None:
            row.unlabelled += 1
            report.unlabelled.append(firing)
            continue
        live[firing.key] = label
        row.tp += label.label == "TP"
        row.fp += label.label == "FP"
        row.practice_yes += label.practice == "yes"
        row.practice_no += label.practice == "no"
    current = {f.key for f in firings}
    report.retired = [label for key, label in labels.items() if key not in current]
    report.fp_rate = _rate(commits, firings, live, lambda v: v.label == "FP")
    report.practice_rate = _rate(commits, firings, live, lambda v: v.practice == "no")
    return report


def score_all(commits: list[CorpusCommit], workers: int | None = None) -> list[Firing]:
    """Every commit's firings, in corpus order (one process per core: the detectors are CPU-bound)."""
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(commits) < 2 * workers:
        return [f for item in commits for f in score_commit(item)]
    with ProcessPoolExecutor(workers) as pool:
        return [f for found in pool.map(score_commit, commits, chunksize=8) for f in found]


def run_corpus(root: Path = DEFAULT_CORPUS, workers: int | None = None) -> CorpusReport:
    commits = load_corpus(root)
    labels = load_labels(root)
    return evaluate(commits, score_all(commits, workers), labels)


def label_stub(firing: Firing) -> str:
    """A labels.toml entry for an unlabelled firing; `label` and `practice` must be filled in by hand
    (left as "?", the corpus does not load, so a stub can never count as judged)."""
    lines = ["[[banned]]" if firing.kind == "banned" else "[[integrity]]", f"commit = {json.dumps(firing.commit)}"]
    if firing.kind == "banned":
        lines += [f"file = {json.dumps(firing.file)}", f"family = {json.dumps(firing.family)}"]
        lines += [f"text = {json.dumps(firing.text, ensure_ascii=False)}"]
        lines += [f"occurrence = {firing.occurrence}"] if firing.occurrence else []
        lines += [f"rule = {json.dumps(firing.rule)}", f"# line {firing.line} of the post-change file"]
    else:
        lines += [f"metric = {json.dumps(firing.family)}", f"count = {firing.count}"]
    return "\n".join([*lines, 'label = "?"', 'practice = "?"', 'note = ""', ""])


def _fmt(value: float | None) -> str:
    return "None" if value is None else f"{value:.2f}"


def format_report(report: CorpusReport) -> str:
    projects = ", ".join(f"{name} {n}" for name, n in sorted(report.projects.items()))
    out = [f"real-commit corpus: {report.commits} commits from {len(report.projects)} projects ({projects})", ""]
    header = f"{'family':28} {'kind':9} {'fired':>5} {'TP':>4} {'FP':>4} {'unlab':>5} {'precision':>9} {'practice':>8}"
    out += [header, "-" * len(header)]
    for row in report.rows:
        line = (
            f"{row.family:28} {row.kind:9} {row.firings:5d} {row.tp:4d} {row.fp:4d} {row.unlabelled:5d} "
            f"{_fmt(row.precision):>9} {_fmt(row.practice_precision):>8}"
        )
        out.append(line + (f"  ({row.reason})" if row.reason and row.firings else ""))
    out.append("")
    for name, rate in (("false positives", report.fp_rate), ("firings not the practice", report.practice_rate)):
        line = f"banned_any through {name} only: {rate.bad_only}/{rate.commits} commits = {_fmt(rate.value)}"
        line += f" (banned_any fired on {rate.fired}"
        if rate.undetermined and rate.bounds:
            low, high = rate.bounds
            line += f"; {rate.undetermined} undetermined through unlabelled firings: between {low:.2f} and {high:.2f}"
        out.append(line + ")")
    out.append(
        f"\ntargets: precision >= {TARGET_PRECISION} per family with >= {MIN_FIRINGS} labelled firings, "
        f"banned_any false-positive rate <= {TARGET_FP_RATE}"
    )
    out.append(f"{len(report.unlabelled)} firings unlabelled (not measured)")
    for firing in report.unlabelled:
        where = f"{firing.file}: {firing.text}" if firing.kind == "banned" else f"count {firing.count}"
        out.append(f"  unlabelled {firing.commit[:12]} {firing.family} [{firing.rule}] {where}")
    out.append(f"{len(report.retired)} labels match no current firing (retired, or for other detector versions)")
    return "\n".join(out)
