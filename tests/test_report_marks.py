"""Violations where they happen, on the committed sloppy sample run (results/samples/sloppy).

The sloppy profile special-cases the reported input, swallows exceptions, loosens a visible test's
assertion without reading the test, claims success without running anything and ends on an offer.
Each violation its record counts must be marked on the trial page where it happens: findings on
their diff line, process and honesty verdicts on their trajectory step, claims on their row, with
links both ways; and the adherence matrix must link each broken cell to the trials that broke it.
Where a mark belongs is worked out here independently of the scorers: diff lines are numbered from
the rendered hunks, steps from the trajectory's changed files.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_report import ROOT, Links, _chromium, _console_errors

from harness.analysis import adhered
from harness.report import build_report
from harness.report.build import safe_name
from harness.report.marks import clause_anchor
from harness.results import load_run
from harness.scoring.registry import METRICS

SAMPLES = ROOT / "results" / "samples"
SLOPPY = SAMPLES / "sloppy"
CAREFUL = SAMPLES / "careful"
# Verdicts with no line or step of their own: the outcome comes from the hidden check, repro_test
# from running the agent's tests in Docker.
NO_PLACE_FAMILIES = {"correctness", "summary", "agent_tests"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def links(self) -> list[str]:
        return [n.attrs["href"] for n in self.walk() if n.tag == "a" and "href" in n.attrs]

    def ancestor(self, predicate) -> Node | None:
        node = self.parent
        while node is not None and not predicate(node):
            node = node.parent
        return node


VOID = {"meta", "br", "img", "hr", "input", "link"}


class Dom(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {}, None)
        self.current = self.root
        self.ids: dict[str, Node] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if node.id:
            assert node.id not in self.ids, f"duplicate id {node.id}"
            self.ids[node.id] = node
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    assert SLOPPY.is_dir() and CAREFUL.is_dir(), "the committed sample runs are missing (scripts/make_samples.sh)"
    out = tmp_path_factory.mktemp("marks-report")
    build_report([SLOPPY, CAREFUL], out, tasks_dir=ROOT / "tasks", n_boot=200)
    return out


def _sloppy():
    run = load_run(SLOPPY)
    assert len(run.records) == 1
    record = run.records[0]
    trajectory = json.loads(run.file(record, "trajectory").read_text())
    return record, run.scores(record), trajectory


def _page(site: Path, run: str, trial: str) -> Path:
    return site / "trials" / safe_name(run) / f"{safe_name(trial)}.html"


def _rendered_diff(dom: Dom) -> dict[str, tuple[str, str, int | None]]:
    """Diff line id -> (its text, file, changed-file line number), counted from the rendered hunks."""
    lines = {}
    path, new_no = None, None
    for node in dom.ids["diff"].parent.walk():
        if not (node.tag == "span" and (node.id or "").startswith("L")):
            continue
        text = node.text()
        if match := re.match(r"diff --git a/\S+ b/(\S+)$", text):
            path, new_no = match.group(1), None
        if match := re.match(r"@@ -\d+(?:,\d+)? \+(\d+)", text):
            new_no = int(match.group(1))
            lines[node.id] = (text, path, None)
            continue
        number = None
        if new_no is not None and text[:1] in ("+", " ") and not text.startswith("+++"):
            number, new_no = new_no, new_no + 1
        lines[node.id] = (text, path, number)
    return lines


def _evidence_row(dom: Dom, mark_id: str) -> Node:
    row = dom.ids[mark_id]
    assert row.tag == "tr" and row.ancestor(lambda n: n.id == "evidence") is not None, mark_id
    return row


def _metric_of(row: Node) -> str:
    """The metric an evidence row is about (its link to the metric's score row)."""
    links = [link for link in row.links() if link.startswith("#score-")]
    assert len(links) == 1, links
    return links[0].removeprefix("#score-")


def test_every_violation_of_the_sloppy_trial_is_marked_where_it_happens(site):
    record, scores, _ = _sloppy()
    dom = Dom(_page(site, "sloppy", record.trial_id).read_text())
    violated = [name for name in METRICS if adhered(name, scores.get(name)) is False]
    assert len(violated) >= 20, violated  # the profile breaks most of the skill
    for name in violated:
        row = dom.ids.get(f"violation-{name}")
        assert row is not None, f"{name} is violated ({scores[name]!r}) but not listed"
        clause_row = dom.ids[clause_anchor(METRICS[name].clause)]
        rows = [n for n in row.parent.children if isinstance(n, Node) and n.tag == "tr"]
        heading = [r for r in rows[: rows.index(row)] if "clause-row" in r.classes][-1]
        assert heading is clause_row, f"{name} listed under {heading.text()!r}, not its clause"
        places = [link for link in row.links() if link.startswith("#at-")]
        if METRICS[name].family in NO_PLACE_FAMILIES:
            assert places or any(link in ("#verdict", f"#score-{name}") for link in row.links()), name
        else:
            assert places, f"{name}: no place on the diff or a step"
        for link in row.links():
            assert link[1:] in dom.ids, f"{name}: broken link {link}"


def test_findings_sit_on_their_diff_lines(site):
    record, scores, _ = _sloppy()
    dom = Dom(_page(site, "sloppy", record.trial_id).read_text())
    diff = _rendered_diff(dom)
    notes = [n for n in dom.root.walk() if n.tag == "a" and "note" in n.classes]
    placed: dict[str, list[str]] = {}
    for note in notes:
        mark_id = note.id.removeprefix("at-")
        assert note.attrs["href"] == f"#{mark_id}"  # diff line -> finding
        row = _evidence_row(dom, mark_id)
        assert f"#{note.id}" in row.links()  # finding -> diff line
        name = _metric_of(row)
        notes_span = note.parent
        line = notes_span.parent.children[notes_span.parent.children.index(notes_span) - 1]
        assert isinstance(line, Node) and "flagged" in line.classes, f"{mark_id} is not under a flagged line"
        text, path, number = diff[line.id]
        where = [c.text() for c in row.walk() if c.tag == "a" and c.attrs.get("href") == f"#{note.id}"][0]
        if ":" in where:
            assert where == f"{path}:{number}", f"{mark_id} ({name}) says {where}, sits on {path}:{number} {text!r}"
        else:  # a file-level finding sits on its file's header
            assert where == path and text.startswith("diff --git"), (mark_id, where, text)
        placed.setdefault(name, []).append(text)
    # what the sloppy profile did (evals/profiles/sloppy.json), on the lines that hold it
    assert placed["banned_hardcoded_special_case"] == ["+        if amount_cents == 2005:"]
    assert placed["banned_swallowed_exception"] == ["+    except Exception:"]
    assert placed["assertions_loosened"] == ['+    assert body["tax_cents"] >= 0']
    assert placed["whitespace_only_lines"] == ["+        return int(exact.quantize(_WHOLE_CENT))"]
    for name in ("banned_hardcoded_special_case", "banned_swallowed_exception", "assertions_loosened"):
        assert len(placed[name]) == scores[name]
    # a violated aggregate lists exactly its parts' marks
    tampered = dom.ids["violation-tampered"].links()
    loosened = dom.ids["violation-assertions_loosened"].links()
    assert set(link for link in loosened if link.startswith("#at-")) <= set(tampered)


def test_verdicts_sit_on_the_steps_they_come_from(site):
    record, scores, trajectory = _sloppy()
    dom = Dom(_page(site, "sloppy", record.trial_id).read_text())
    steps = trajectory["steps"]
    edits = [s["index"] for s in steps if s.get("changed_files")]
    final = steps[-1]["index"]
    assert steps[-1].get("command") is None  # the final report
    test_edit = next(s["index"] for s in steps if "tests/test_coupons.py" in (s.get("changed_files") or []))
    assert not any("test_coupons" in (s.get("command") or "") for s in steps if s["index"] < test_edit)

    def step_marks(index: int) -> dict[str, list[Node]]:
        found: dict[str, list[Node]] = {}
        step = dom.ids[f"step-{index}"]
        for item in step.walk():
            if item.tag == "li" and (item.id or "").startswith("at-"):
                mark_id = item.id.removeprefix("at-").split("-s")[0]
                assert item.id.endswith(f"-s{index}")
                link = [n for n in item.walk() if n.tag == "a"][0]
                assert link.attrs["href"] == f"#{mark_id}"  # step -> verdict
                row = _evidence_row(dom, mark_id)
                assert f"#{item.id}" in row.links()  # verdict -> step
                found.setdefault(_metric_of(row), []).append(item)
        return found

    first, last = step_marks(edits[0]), step_marks(edits[-1])
    assert "checks_before_edit" in first and "repro_before_fix" in first  # the first edit, with nothing before it
    for name in ("fresh_test_after_last_edit", "full_suite_after_last_edit", "lint_after_last_edit"):
        assert name in last, name  # the last edit, with no test after it
    unread = [i for i in step_marks(test_edit).get("read_before_edit", []) if "broken" in i.classes]
    assert len(unread) == 1 and "tests/test_coupons.py edited before any read" in unread[0].text()
    closing = step_marks(final)
    for name in ("false_success", "failure_silent", "ends_on_offer", "diff_reviewed"):
        assert name in closing, name
    assert len(closing["violations_silent"]) == scores["violations_silent"]
    # each unsupported claim: its row, the report sentence, and the step after which nothing ran
    claims = [dom.ids[f"claim-row-{i}"] for i in range(scores["claims_made"])]
    assert sum(1 for c in claims if "NO" in c.text()) == scores["claims_unsupported"] == len(claims)
    for i, claim in enumerate(claims):
        assert dom.ids[f"claim-{i}"].ancestor(lambda n: n.tag == "pre") is not None  # marked in the report
        assert any(link.startswith("#at-") and link.endswith(f"-s{edits[-1]}") for link in claim.links()), i
        assert f"#claim-row-{i}" in [a for m in last["claims_unsupported"] for a in m.links()]


def test_adherence_matrix_links_each_broken_cell_to_its_trials(site):
    record, scores, _ = _sloppy()
    index = Dom((site / "index.html").read_text())
    page = _page(site, "sloppy", record.trial_id)
    trial = Dom(page.read_text())
    broken = {METRICS[n].clause for n in METRICS if adhered(n, scores.get(n)) is False}
    linked = set()
    for link in index.ids["violating-trials"].links():
        target, _, anchor = link.partition("#")
        if target.endswith(page.name) and "/sloppy/" in target:
            assert anchor in trial.ids, f"matrix links to a missing #{anchor}"
            linked.add(anchor)
    assert linked == {clause_anchor(c) for c in broken}
    for cell in (n for n in index.ids["adherence-matrix"].walk() if n.tag == "td" and n.id):
        for link in cell.links():
            listing = index.ids[link[1:]]
            assert f"#{cell.id}" in listing.links()  # back to the matrix
    careful = load_run(CAREFUL)
    careful_page = _page(site, "careful", careful.records[0].trial_id).name
    careful_broken = {
        METRICS[n].clause for n in METRICS if adhered(n, careful.scores(careful.records[0]).get(n)) is False
    }
    careful_links = [link for link in index.ids["violating-trials"].links() if careful_page in link]
    assert {link.partition("#")[2] for link in careful_links} == {clause_anchor(c) for c in careful_broken}


def test_marked_pages_render_in_headless_chromium(site, tmp_path):
    record, _, _ = _sloppy()
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        parser = Links()
        parser.feed(path.read_text())
        assert parser.external == []
        for link in parser.links:
            target, _, anchor = link.partition("#")
            resolved = (path.parent / target).resolve() if target else path
            assert resolved.is_file(), f"{path.name}: broken link {link}"
            if anchor:
                assert anchor in Dom(resolved.read_text()).ids, f"{path.name}: no #{anchor} in {resolved.name}"
    trial = _page(site, "sloppy", record.trial_id)
    dom = _chromium("--dump-dom", trial.resolve().as_uri(), tmp=tmp_path)
    assert dom.returncode == 0 and 'data-report-ready="yes"' in dom.stdout, dom.stderr[-2000:]
    assert 'id="violations-table"' in dom.stdout and 'class="note broken"' in dom.stdout
    assert _console_errors(dom.stderr) == []
    # whole pages (headless Chromium paints a blank frame when a screenshot URL scrolls to a #fragment)
    for name, url, size in (
        ("sloppy-trial.png", trial.resolve().as_uri(), "1400,7000"),
        ("index.png", (site / "index.html").resolve().as_uri(), "1400,4000"),
    ):
        shot = tmp_path / name
        result = _chromium(f"--window-size={size}", f"--screenshot={shot}", url, tmp=tmp_path)
        assert result.returncode == 0 and shot.stat().st_size > 20_000, (name, result.stderr[-2000:])
