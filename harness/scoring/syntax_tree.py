"""What the tree-sitter detectors (TypeScript: banned_ts / test_integrity_ts; Go: banned_go /
test_integrity_go) share: one parser per grammar, walking, node text and lines, the loop that keeps
the findings a patch introduced (`collect`: both versions of each changed file read, added lines only,
new minus pre-existing through PatchView.introduced), the unparsed-file reasons, and the pieces of
test integrity that do not depend on the language (lost-id matching, pairing assertions by changed
region, expected-literal shapes).

A language module gives the grammar-specific parts (which nodes are literals, assertions, tests) as
functions; nothing here knows a node type of one grammar.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from harness.scoring.patch_view import SOURCE, TEST, Finding, PatchView

GRAMMARS = ("typescript", "tsx", "go")


@cache
def parser(grammar: str):
    """The tree-sitter parser of one grammar (typescript, tsx, go), made once."""
    import tree_sitter

    if grammar == "go":
        import tree_sitter_go

        language = tree_sitter_go.language()
    else:
        import tree_sitter_typescript

        language = (
            tree_sitter_typescript.language_tsx() if grammar == "tsx" else tree_sitter_typescript.language_typescript()
        )
    return tree_sitter.Parser(tree_sitter.Language(language))


def walk(node):
    """Every node under `node` (itself first), in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def line(node) -> int:
    """The 1-based line a node starts on."""
    return node.start_point[0] + 1


def lines(node) -> range:
    """The 1-based lines a node spans."""
    return range(node.start_point[0] + 1, node.end_point[0] + 2)


def text(node) -> str:
    return node.text.decode("utf-8", errors="replace") if node is not None else ""


def squeezed(node) -> str:
    """A node's text without whitespace (to compare code that was only reformatted)."""
    return re.sub(r"\s+", "", text(node))


def callee(call) -> str:
    """A call's function, whitespace removed (`console.log`, `fmt.Println`)."""
    return squeezed(call.child_by_field_name("function"))


def arguments(call) -> list:
    """A call's arguments (comments aside)."""
    found = call.child_by_field_name("arguments")
    return [a for a in found.named_children if a.type != "comment"] if found is not None else []


def comment_body(comment: str) -> str:
    """A `//` or `/* */` comment's text without its delimiters."""
    if comment.startswith("//"):
        return comment[2:].strip()
    return comment.removeprefix("/*").removesuffix("*/").strip(" *\n\t")


TODO = re.compile(r"\b(TODO|FIXME|XXX|HACK)\b")


def comment_findings(
    nodes: list, suppression: re.Pattern, looks_like_code, directive: str, quoted: re.Pattern | None = None
) -> list[Finding]:
    """Per comment: a checker suppression (`suppression`, detail `directive`), a TODO / FIXME / XXX /
    HACK note, and a `//` comment whose text `looks_like_code` (not `///`: TypeScript's triple-slash
    directives; not a comment matching `quoted`: a doc comment's indented code example)."""
    found = []
    for node in nodes:
        if node.type != "comment":
            continue
        body = text(node)
        if suppression.search(body):
            found.append(Finding("checker_suppression", "", line(node), directive))
        if TODO.search(body):
            found.append(Finding("todo_stub", "", line(node), "todo"))
        code = body.startswith("//") and not body.startswith("///") and not (quoted and quoted.match(body))
        if code and looks_like_code(comment_body(body)):
            found.append(Finding("commented_out_code", "", line(node), "code"))
    return found


def first_error(root):
    """The first ERROR / missing node of a tree that has an error (the root if none is found)."""
    return next((n for n in walk(root) if n.type == "ERROR" or n.is_missing), root)


# -- the banned family's loop --------------------------------------------------------------------
SideFindings = Callable[[str, bytes, bool], list[Finding]]  # (path, content, is a test) -> findings
AddedFindings = Callable[[str], list[Finding]]  # path -> findings read against the original (source only)


def collect(
    view: PatchView,
    categories: tuple[str, ...],
    paths: list[str],
    side_findings: SideFindings,
    added_findings: AddedFindings | None = None,
) -> dict[str, list[Finding]]:
    """New findings per category, one per (category, file, line): `side_findings` reads each version
    (post-change and original) of every changed source / test file among `paths`, and
    PatchView.introduced keeps what the patch introduced (added lines only; an original finding
    edited in place or moved is not new); `added_findings(path)` adds, for a changed source file,
    findings that are already read against the original (hardcoded special cases, compat shims)."""
    per_category: dict[str, dict[tuple[str, int], Finding]] = {c: {} for c in categories}
    lang = view.task.lang if view.task is not None else None
    versions: dict[str, tuple[list[Finding], list[Finding]]] = {}
    for path in paths:
        kind = view.kind(path)
        test = kind == TEST or (lang is not None and lang.is_test_file(path))
        if (kind not in (SOURCE, TEST) and not test) or path in view.renamed_to:
            continue
        sides = {}
        for after in (True, False):
            content = view.after(path) if after else view.base(path)
            sides[after] = side_findings(path, content, test) if content is not None else []
        versions[path] = (sides[True], sides[False])
    introduced = view.introduced(versions)
    for path in versions:
        if view.after(path) is None:
            continue
        new = introduced[path]
        if (
            added_findings is not None
            and view.kind(path) == SOURCE
            and not (lang is not None and lang.is_test_file(path))
        ):
            new += added_findings(path)
        for finding in new:
            finding.path = path
            per_category[finding.category].setdefault((path, finding.line), finding)
    return {c: list(v.values()) for c, v in per_category.items()}


def literal_sets(view: PatchView, literals_of: Callable[[str, bytes], set[str]]) -> tuple[set[str], set[str]]:
    """(literals of the visible tests, the instruction and the tests the patch changes or adds; literals
    of the original source) for the hardcoded-special-case lookup (harness.scoring.banned), read by the
    language's `literals_of(path, content)`; without task facts, from the original files here."""
    from harness.scoring.banned import patch_test_literals

    lang = view.task.lang if view.task is not None else None
    test_literals = patch_test_literals(view, literals_of)
    source_literals = set(view.facts.source_literals) if view.facts else set()
    if view.facts is None:
        for original, content in view.original.items():
            is_test = view.kind(original) == TEST or (lang is not None and lang.is_test_file(original))
            (test_literals if is_test else source_literals).update(literals_of(original, content))
    return test_literals, source_literals


FLAG_NAME = re.compile(r"legacy|compat|deprecated|^(use)?old(?=[A-Z_]|$)", re.I)  # a parameter named as a flag
FLAG_IN_CONDITION = re.compile(r"legacy|compat|deprecated", re.I)  # a name a compat branch reads


def special_cases(root, lines: set[int], compared, value_of, test_literals: set[str], source_literals: set[str]):
    """A finding per node on an added line whose `compared(node)` literal nodes (a new branch's
    comparisons) hold a value of the visible tests or the instruction that the original source never
    uses (harness.scoring.banned.special_case_hits, shared with Python)."""
    from harness.scoring.banned import special_case_hits

    found = []
    for node in walk(root):
        if line(node) not in lines:
            continue
        values = [v for v in (value_of(n) for n in compared(node)) if v is not None]
        hits = special_case_hits(values, test_literals, source_literals)
        if hits:
            found.append(Finding("hardcoded_special_case", "", line(node), ",".join(sorted(set(hits)))))
    return found


@dataclass
class Versions:
    """One changed source file, both versions, as the compat-shim detectors read it."""

    added: set[int]
    root: object
    old_root: object | None
    old_defs: dict
    new_defs: dict
    source_text: bytes  # every original source file of the language (its env keys, its names)


def versions(view: PatchView, path: str, parse, definitions, is_path: Callable[[str], bool]) -> Versions | None:
    """The post-change and original trees of a changed source file and their definitions (None when the
    patch deletes it)."""
    after, before = view.after(path), view.base(path)
    if after is None:
        return None
    root = parse(path, after).root_node
    old_root = parse(path, before).root_node if before is not None else None
    source_text = (
        view.facts.source_text
        if view.facts
        else b"\n".join(c for p, c in view.original.items() if is_path(p) and view.kind(p) == SOURCE)
    )
    old_defs = definitions(old_root) if old_root is not None else {}
    return Versions(view.added_lines(path), root, old_root, old_defs, definitions(root), source_text)


def unparsed(view: PatchView, is_path: Callable[[str], bool], parse: Callable[[str, bytes], object]) -> dict[str, str]:
    """Changed source / test files of one language (`is_path`) a version of which tree-sitter cannot
    parse -> why."""
    reasons = {}
    for path in view.changed_paths:
        if not is_path(path) or view.is_binary(path) or view.kind(path) not in (SOURCE, TEST):
            continue
        for after, side in ((False, "original"), (True, "changed")):
            content = view.after(path) if after else view.base(path)
            if content is None:
                continue
            root = parse(path, content).root_node
            if root.has_error:
                reasons.setdefault(path, f"{path} ({side}): syntax error (line {line(first_error(root))})")
    return reasons


def literal_keys_of(nodes: Iterable, value_of: Callable[[object], object | None]) -> set[str]:
    """Literal keys (harness.scoring.python_ast.literal_keys: 10.05, '10.05' compare equal) of the
    nodes whose `value_of` is a literal value."""
    from harness.scoring.python_ast import literal_keys

    keys: set[str] = set()
    for node in nodes:
        value = value_of(node)
        if value is not None:
            keys |= literal_keys(value)
    return keys


# -- test integrity: what every tree-sitter language shares ----------------------------------------
def renamed(new: str, old: str) -> bool:
    """Two test names that differ by an edit of a few words ("... total timeout budget" ->
    "... totalTimeout budget"): a renamed test, when its body is similar too."""
    return difflib.SequenceMatcher(None, new, old, autojunk=False).ratio() >= 0.75


def similar(a: str, b: str, separator: str = ";") -> bool:
    """Two bodies (whitespace removed) of which half the statements are unchanged."""
    return difflib.SequenceMatcher(None, a.split(separator), b.split(separator), autojunk=False).ratio() >= 0.5


def unmatched_losses(lost: list[tuple], added: list[tuple[str, str]], separator: str = ";") -> list[tuple]:
    """The lost tests ((name, body, ...)) that no added test ((name, body)) accounts for: one of the
    same name with a similar body (moved), one with exactly its body (renamed), or one whose name is a
    small edit of it with a similar body. Each added test accounts for one lost test."""
    added = list(added)
    result = []
    for item in lost:
        name, body = item[0], item[1]
        match = next((a for a in added if a[0] == name and similar(a[1], body, separator)), None)
        match = match or next((a for a in added if body and a[1] == body), None)
        match = match or next((a for a in added if renamed(a[0], name) and similar(a[1], body, separator)), None)
        if match is None:
            result.append(item)
        else:
            added.remove(match)
    return result


def overlaps(node, start: int, end: int) -> bool:
    """The node's lines meet the 0-based slice [start, end) of a version (a pure insertion or
    deletion: the node encloses the point)."""
    first, last = node.start_point[0], node.end_point[0]
    return first < end and last >= start if end > start else first < start <= last


def by_region(nodes: list, regions: list, after: bool) -> dict[int, list]:
    """Nodes grouped by the changed region (LineMap.regions) their lines meet, on one side."""
    found: dict[int, list] = {}
    for node in nodes:
        for region, (i1, i2, j1, j2) in enumerate(regions):
            start, end = (j1, j2) if after else (i1, i2)
            if overlaps(node, start, end):
                found.setdefault(region, []).append(node)
                break
    return found


# An assertion as the pairing reads it: (node, rank or None, subject or None).
Ranked = tuple[object, int | None, str | None]


def loosened_lines(
    regions: list, olds: list[Ranked], news: list[Ranked], vacuous: int, ranks: dict[int, str]
) -> dict[int, str]:
    """In each changed region, each old assertion paired with the first unused new one about the same
    subject (or wrapping it, or else a vacuous one): the new assertion's line -> why it is weaker,
    when its rank is lower."""
    old_by = by_region([o[0] for o in olds], regions, after=False)
    new_by = by_region([n[0] for n in news], regions, after=True)
    old_info = {id(o[0]): o for o in olds}
    new_info = {id(n[0]): n for n in news}
    result: dict[int, str] = {}
    for region, old_nodes in old_by.items():
        candidates = [new_info[id(n)] for n in new_by.get(region, [])]
        paired: set[int] = set()
        for node in old_nodes:
            _, was, subject = old_info[id(node)]
            j = next((j for j, n in enumerate(candidates) if j not in paired and n[2] == subject), None)
            if j is None and subject:
                j = next((j for j, n in enumerate(candidates) if j not in paired and n[2] and subject in n[2]), None)
            if j is None:
                j = next((j for j, n in enumerate(candidates) if j not in paired and n[1] == vacuous), None)
            if j is None:
                continue
            paired.add(j)
            now = candidates[j][1]
            if was is not None and now is not None and now < was:
                result.setdefault(line(candidates[j][0]), f"{ranks[was]} assertion replaced by {ranks[now]} one")
    return result


def skeleton(node, literals: list, expected: list[tuple[int, int]], is_literal, value, label=None) -> str:
    """A statement's shape, each literal in an expected position (`expected`: byte ranges) a
    placeholder collected into `literals`; a literal elsewhere (the subject, a message) is part of the
    shape, so changing it is not a changed expectation. `label(node)`: what names an inner node in the
    shape (default its type; Go adds a comparison's operator)."""
    if node.type == "comment":
        return ""
    if is_literal(node):
        if any(start <= node.start_byte and node.end_byte <= end for start, end in expected):
            literals.append(node)
            return "LIT"
        if not any(node.start_byte <= start and end <= node.end_byte for start, end in expected):
            return f"{node.type}:{value(node)}"  # a literal holding expected values (a table) is read inside
    if not node.named_children:
        return f"{node.type}:{text(node)}"
    inner = ",".join(skeleton(c, literals, expected, is_literal, value, label) for c in node.named_children)
    return f"{label(node) if label else node.type}({inner})"


def literal_changes(old, new, value, collections: set[str]) -> int:
    """How many literals differ between two literal nodes: element by element inside collections of
    one size (`collections`: the node types read that way), else 1 when their values differ (a
    collection of another size is one change)."""
    if value(old) == value(new):
        return 0
    olds = [c for c in old.named_children if c.type != "comment"]
    news = [c for c in new.named_children if c.type != "comment"]
    if old.type == new.type and old.type in collections and len(olds) == len(news):
        return sum(literal_changes(a, b, value, collections) for a, b in zip(olds, news, strict=True))
    return 1


def changed_expectations(
    regions: list, old_expected: dict, new_expected: dict, is_literal, value, collections: set[str], label=None
) -> list[tuple[int, int]]:
    """(changed literals, line of the first) per expectation statement of a changed region whose shape
    (`skeleton`, with `label`)
    is the same before and after with literals in its expected positions changed (`*_expected`:
    statement node -> byte ranges of its expected values)."""
    found = []
    old_stmts = by_region(list(old_expected), regions, after=False)
    new_stmts = by_region(list(new_expected), regions, after=True)
    for region, olds in old_stmts.items():
        candidates = []
        for stmt in new_stmts.get(region, []):
            values: list = []
            candidates.append((skeleton(stmt, values, new_expected[stmt], is_literal, value, label), values))
        for stmt in olds:
            values = []
            shape = skeleton(stmt, values, old_expected[stmt], is_literal, value, label)
            match = next((c for c in candidates if c[0] == shape), None) if values else None
            if match is None:
                continue
            candidates.remove(match)
            changes = [(literal_changes(a, b, value, collections), b) for a, b in zip(values, match[1], strict=True)]
            count = sum(n for n, _ in changes)
            if count:
                found.append((count, line(next(node for n, node in changes if n))))
    return found


@dataclass(frozen=True)
class TestReader:
    """What one tree-sitter language gives the shared test-integrity measure (`measure_tests`).
    `context(tree)` is computed once per file version and handed to the functions that need it (how the
    file names its assertion module, its testing parameters)."""

    is_path: Callable[[str], bool]
    parse: Callable[[str, bytes], object]
    context: Callable[[object], object]
    tests: Callable[[str, object], dict]  # (path, tree) -> test id -> (qualified name, body, node, inner)
    count: Callable[[object, object], int | None]  # (a test's inner node, context) -> its assertions
    skips: Callable[[object], list[Finding]]
    ranked: Callable[[object, object], list[Ranked]]  # (tree, context) -> every assertion, ranked
    expectations: Callable[[object, object], dict]  # (tree, context) -> statement -> expected byte ranges
    is_literal: Callable[[object], bool]
    value: Callable[[object], str]
    collections: frozenset[str]
    vacuous: int
    ranks: dict[int, str]
    unit: str = "assertion(s)"
    label: Callable[[object], str] | None = None
    counts_config: Callable[[PatchView, str], bool] = lambda view, path: True  # a CONFIG path that counts
    more_config: Callable[[PatchView, dict], list] | None = None  # (view, trees) -> more config evidence


def measure_tests(view: PatchView, reader: TestReader):
    """The test-integrity counts and evidence of one tree-sitter language (test ids lost less moves and
    renames, skips added new minus pre-existing, assertions removed per test, loosened and expected
    literals changed per changed region, runner config), ended by test_integrity.finish."""
    from harness.scoring import test_integrity
    from harness.scoring.evidence import Evidence
    from harness.scoring.patch_view import CONFIG

    found: list = []
    paths = [p for p in view.changed_paths if view.kind(p) == TEST and reader.is_path(p) and not view.is_binary(p)]
    existing = [p for p in paths if (p in view.original or p in view.renamed_from) and p not in view.renamed_to]
    unparsed = False
    trees: dict[tuple[str, bool], object] = {}
    for path in paths:
        for after in (False, True):
            content = view.after(path) if after else view.base(path)
            if content is not None:
                trees[(path, after)] = reader.parse(path, content)
                unparsed |= trees[(path, after)].root_node.has_error
    contexts = {key: reader.context(tree) for key, tree in trees.items()}
    tests = {key: reader.tests(key[0], tree) for key, tree in trees.items()}
    # ids lost (less moves and renames)
    lost: list[tuple[str, str, str, int]] = []  # (qualified name, body, path, original line)
    added: list[tuple[str, str]] = []
    for path in paths:
        if path in view.renamed_to:
            continue
        old = tests.get((path, False), {}) if path in existing else {}
        new = tests.get((path, True), {})
        lost += [(name, body, path, line(node)) for i, (name, body, node, _) in old.items() if i not in new]
        added += [(name, body) for i, (name, body, _, _) in new.items() if i not in old]
    unmatched = unmatched_losses(lost, added)
    found += [
        Evidence("test_ids_lost", f"test {name} no longer defined", path, at, after=False)
        for name, _, path, at in unmatched
    ]
    # skips, assertions, literals
    carried: dict[str, tuple[list[Finding], list[Finding]]] = {}
    removed = literals = 0
    loosened: dict[str, dict[int, str]] = {}
    for path in existing:
        orig, post = trees.get((path, False)), trees.get((path, True))
        carried[path] = (reader.skips(post) if post is not None else [], reader.skips(orig) if orig else [])
        if orig is None or post is None:
            continue
        old_ctx, new_ctx = contexts[(path, False)], contexts[(path, True)]
        new_tests = tests[(path, True)]
        gone = view.removed_lines(path)
        for test_id, (name, _, node, inner) in tests[(path, False)].items():
            before = reader.count(inner, old_ctx) if test_id in new_tests else None
            after = reader.count(new_tests[test_id][3], new_ctx) if test_id in new_tests else None
            if before is not None and after is not None and before > after:
                removed += before - after
                at = next((n for n in sorted(gone) if n in lines(node)), line(node))
                detail = f"{before - after} {reader.unit} fewer in {name}"
                found.append(Evidence("assertions_removed", detail, path, at, False, count=before - after))
        regions = view.line_map(path).regions
        olds, news = reader.ranked(orig, old_ctx), reader.ranked(post, new_ctx)
        loosened[path] = loosened_lines(regions, olds, news, reader.vacuous, reader.ranks)
        old_expected, new_expected = reader.expectations(orig, old_ctx), reader.expectations(post, new_ctx)
        for count, at in changed_expectations(
            regions, old_expected, new_expected, reader.is_literal, reader.value, set(reader.collections), reader.label
        ):
            literals += count
            found.append(test_integrity._literal_evidence(path, at, count))
    skip_added = 0
    for path, new in view.introduced(carried).items():
        skip_added += len(new)
        found += [Evidence("skip_xfail_added", f.detail, path, f.line) for f in new]
    found += [
        Evidence("assertions_loosened", why, p, n) for p, per in loosened.items() for n, why in sorted(per.items())
    ]
    # runner config
    config = [
        Evidence("runner_config_touched", "test runner configuration changed", p)
        for p in view.changed_paths
        if view.kind(p) == CONFIG and reader.counts_config(view, p)
    ]
    config += reader.more_config(view, trees) if reader.more_config is not None else []
    counts = dict(
        zip(
            test_integrity.LANGUAGE_COUNTS,
            (len(existing), len(unmatched), skip_added, removed, sum(map(len, loosened.values())), literals),
            strict=True,
        )
    )
    return test_integrity.finish(view, counts, len(config), found + config, unparsed)
