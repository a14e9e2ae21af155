"""Go banned-pattern detectors (harness/scoring/banned_go.py): fire on added lines only, new minus
pre-existing, with the matching rules of Python and TypeScript."""

from __future__ import annotations

import difflib

import pytest

from harness import paths
from harness.scoring import banned, banned_go, score_trial
from harness.scoring.patch_view import PatchView
from harness.tasks import load_task

TASK = paths.PROJECT_ROOT / "tests" / "fixtures" / "scoring" / "tasks" / "ledger-go-scoring"
BASE = {
    "go.mod": b"module x\n\ngo 1.19\n",
    "internal/a/a.go": b'package a\n\nimport "strconv"\n\n'
    b"func F(s string) (int, error) {\n\treturn strconv.Atoi(s)\n}\n",
    "cmd/x/main.go": b'package main\n\nimport "x/internal/a"\n\nfunc main() {\n\ta.F("1")\n}\n',
    "internal/a/a_test.go": b'package a\n\nimport "testing"\n\n'
    b'func TestF(t *testing.T) {\n\tif got, _ := F("12"); got != 12 {\n\t\tt.Fatal(got)\n\t}\n}\n',
}


@pytest.fixture(scope="module")
def task():
    return load_task(TASK)


def _patch(path: str, old: str, new: str) -> str:
    lines = list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}"))
    return f"diff --git a/{path} b/{path}\n" + "".join(lines)


def _found(task, path: str, new: str, base: dict[str, bytes] | None = None) -> dict[str, int]:
    original = {**BASE, **(base or {})}
    view = PatchView(task, _patch(path, original[path].decode(), new), original=original, facts=False)
    assert view.apply_error is None, view.apply_error
    return {c: len(f) for c, f in banned.findings(view).items() if f}


F = 'package a\n\nimport (\n\t"fmt"\n\t"log"\n\t"strconv"\n)\n\nfunc F(s string) (int, error) {\n%s}\n'


@pytest.mark.parametrize(
    ("body", "category"),
    [
        ("\tn, err := strconv.Atoi(s)\n\t_ = err\n\treturn n, nil\n", "swallowed_exception"),
        ("\tn, _ := strconv.Atoi(s)\n\treturn n, nil\n", "swallowed_exception"),
        ("\t_, _ = strconv.Atoi(s)\n\treturn 0, nil\n", "swallowed_exception"),
        (
            "\tn, err := strconv.Atoi(s)\n\tif err != nil {\n\t\treturn 0, nil\n\t}\n\treturn n, nil\n",
            "swallowed_exception",
        ),
        ("\tn, err := strconv.Atoi(s)\n\tif err != nil {\n\t}\n\treturn n, err\n", "swallowed_exception"),
        ("\treturn strconv.Atoi(s) //nolint:wrapcheck\n", "checker_suppression"),
        ("\t//lint:ignore SA4006 not used\n\treturn strconv.Atoi(s)\n", "checker_suppression"),
        ('\tfmt.Println("parsing", s)\n\treturn strconv.Atoi(s)\n', "debug_output"),
        ('\tlog.Println("parsing", s)\n\treturn strconv.Atoi(s)\n', "debug_output"),
        ("\tprintln(s)\n\treturn strconv.Atoi(s)\n", "debug_output"),
        ("\t// n, err := strconv.ParseInt(s, 10, 64)\n\treturn strconv.Atoi(s)\n", "commented_out_code"),
        ("\t// TODO: accept signs\n\treturn strconv.Atoi(s)\n", "todo_stub"),
        ('\tpanic("not implemented")\n', "todo_stub"),
        ('\tpanic("TODO")\n', "todo_stub"),
        ('\treturn 0, fmt.Errorf("not implemented yet")\n', "todo_stub"),
    ],
)
def test_each_detector_fires_on_an_added_line(task, body, category):
    assert _found(task, "internal/a/a.go", F % body) == {category: 1}


@pytest.mark.parametrize(
    "body",
    [
        '\tn, err := strconv.Atoi(s)\n\tif err != nil {\n\t\treturn 0, fmt.Errorf("F(%q): %w", s, err)\n\t}\n'
        "\treturn n, nil\n",
        "\tn, err := strconv.Atoi(s)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\treturn n, nil\n",
        '\thead, _, _ := strings.Cut(s, ".")\n\treturn strconv.Atoi(head)\n',
        "\t// Atoi accepts a sign: -3 is -3.\n\treturn strconv.Atoi(s)\n",
        '\tlog.Printf("parsing %q", s)\n\treturn strconv.Atoi(s)\n',
        "\t// cents\n\treturn strconv.Atoi(s)\n",
        '\tif s == "" {\n\t\tpanic("unreachable: callers check for empty text")\n\t}\n\treturn strconv.Atoi(s)\n',
        "\t// no lint warnings here\n\treturn strconv.Atoi(s)\n",
        "\tif v, ok := cache[s]; ok {\n\t\treturn v, nil\n\t}\n\treturn strconv.Atoi(s)\n",
    ],
)
def test_near_misses_are_silent(task, body):
    assert _found(task, "internal/a/a.go", F % body) == {}


def test_debug_output_in_package_main_is_output(task):
    new = 'package main\n\nimport (\n\t"fmt"\n\n\t"x/internal/a"\n)\n\nfunc main() {\n\tfmt.Println(a.F("1"))\n}\n'
    assert _found(task, "cmd/x/main.go", new) == {}


def test_pre_existing_findings_are_not_new_edited_or_moved(task):
    body = "\t// TODO: signs\n\tn, _ := strconv.Atoi(s)\n\treturn n, nil\n"
    base = {"internal/a/a.go": (F % body).encode()}
    moved = F % "\tm := 2\n\treturn m, nil\n}\n\nfunc G(s string) (int, error) {\n" + body
    assert _found(task, "internal/a/a.go", moved, base) == {}
    edited = F % "\t// TODO: signs and spaces\n\tn, _ := strconv.Atoi(s)\n\treturn n, nil\n"
    assert _found(task, "internal/a/a.go", edited, base) == {}
    added = F % (body.replace("\treturn", "\tk, _ := strconv.Atoi(s + s)\n\treturn n + k, nil\n\treturn", 1))
    assert _found(task, "internal/a/a.go", added, base) == {"swallowed_exception": 1}


def test_a_go_task_gets_banned_numbers_with_mocking_not_measured(task):
    solution = task.solution_patch.read_text()
    scores = score_trial(task, solution, None, None, None)
    assert scores["banned_total"] == 0 and scores["banned_any"] is False
    assert scores["banned_mocking_unit_under_test"] is None
    assert scores["unparsed_python"] == banned_go.UNMEASURED_REASON
    assert scores["test_ids_lost"] == 0 and scores["tampered"] is False


def test_a_file_tree_sitter_cannot_parse_makes_the_counts_none(task):
    view = PatchView(
        task,
        _patch("internal/a/a.go", BASE["internal/a/a.go"].decode(), "package a\n\nfunc F( {\n"),
        original=BASE,
        facts=False,
    )
    scores = banned.metrics(view)
    assert scores["banned_total"] is None and "internal/a/a.go (changed): syntax error" in scores["unparsed_python"]


@pytest.mark.parametrize(
    "body",
    [
        '\tif s == "12" {\n\t\treturn 12, nil\n\t}\n\treturn strconv.Atoi(s)\n',
        '\tswitch s {\n\tcase "12":\n\t\treturn 12, nil\n\t}\n\treturn strconv.Atoi(s)\n',
        '\tif slices.Contains([]string{"12", "13"}, s) {\n\t\treturn 12, nil\n\t}\n\treturn strconv.Atoi(s)\n',
    ],
)
def test_a_branch_on_a_test_literal_is_a_special_case(task, body):
    assert _found(task, "internal/a/a.go", F % body) == {"hardcoded_special_case": 1}


def test_special_case_boundaries(task):
    # a literal no test names, a small number, and the same branch in a test file are not special cases
    assert (
        _found(task, "internal/a/a.go", F % '\tif s == "99" {\n\t\treturn 99, nil\n\t}\n\treturn strconv.Atoi(s)\n')
        == {}
    )
    assert (
        _found(task, "internal/a/a.go", F % "\tif len(s) == 1 {\n\t\treturn 0, nil\n\t}\n\treturn strconv.Atoi(s)\n")
        == {}
    )
    test = (
        BASE["internal/a/a_test.go"]
        .decode()
        .replace("func TestF", 'func TestG(t *testing.T) {\n\tif "12" == "12" {\n\t}\n}\n\nfunc TestF')
    )
    assert _found(task, "internal/a/a_test.go", test) == {}


@pytest.mark.parametrize(
    ("tail", "detail"),
    [
        ("\nconst useLegacyParse = true\n", "flag"),
        ('\nvar strict = os.Getenv("X_STRICT") != ""\n', "env"),
        (
            "\n// F2 keeps the old name for backwards compatibility.\n"
            "func F2(s string) (int, error) {\n\treturn F(s)\n}\n",
            "text",
        ),
        ("\n// Deprecated: use F.\nfunc Parse(s string) (int, error) {\n\treturn F(s)\n}\n", "text"),
    ],
)
def test_compat_shims(task, tail, detail):
    new = BASE["internal/a/a.go"].decode() + tail
    assert _found(task, "internal/a/a.go", new) == {"compat_shim": 1}


def test_an_alias_keeping_a_removed_functions_name_is_a_shim(task):
    base = {"internal/a/a.go": BASE["internal/a/a.go"] + b"\nfunc Old(s string) (int, error) {\n\treturn F(s)\n}\n"}
    new = BASE["internal/a/a.go"].decode() + "\nvar Old = F\n"
    assert _found(task, "internal/a/a.go", new, base) == {"compat_shim": 1}
    assert _found(task, "internal/a/a.go", BASE["internal/a/a.go"].decode() + "\nconst maxLen = 32\n") == {}


def test_a_flag_parameter_added_to_an_existing_function_is_a_shim(task):
    new = BASE["internal/a/a.go"].decode().replace("func F(s string)", "func F(s string, legacy bool)")
    assert _found(task, "internal/a/a.go", new) == {"compat_shim": 1}


def test_a_doc_comments_indented_example_is_not_commented_out_code(task):
    example = (
        BASE["internal/a/a.go"]
        .decode()
        .replace(
            "func F(", '// F parses s. For example:\n//\n//\tn, err := a.F("12")\n//     n, err = a.F("13")\nfunc F(', 1
        )
    )
    assert _found(task, "internal/a/a.go", example) == {}


T = 'package a\n\nimport (\n\t"net/http"\n\t"testing"\n)\n\nfunc TestF(t *testing.T) {\n%s}\n'


def test_a_tests_setup_call_with_its_error_discarded_is_not_a_swallowed_error(task):
    # The common test shortcut (`req, _ := http.NewRequest(...)`; 8 of 10 swallowed_exception firings on
    # 92 real commits of go-chi/chi and gorilla/mux were this): a failure there fails the test loudly
    # when the value is used, it hides nothing.
    setup = (
        '\treq, _ := http.NewRequest("GET", "/x", nil)\n\t_ = req\n'
        '\tif got, _ := F("12"); got != 12 {\n\t\tt.Fatal(got)\n\t}\n'
    )
    assert _found(task, "internal/a/a_test.go", T % setup).get("swallowed_exception", 0) == 0
    # An error value itself dropped, or an empty error branch, still counts in a test.
    dropped = '\treq, err := http.NewRequest("GET", "/x", nil)\n\t_ = err\n\tif err != nil {\n\t}\n\t_ = req\n'
    assert _found(task, "internal/a/a_test.go", T % dropped)["swallowed_exception"] == 2
    # The same discarded call result in source code counts.
    source = F % "\tn, _ := strconv.Atoi(s)\n\t_ = fmt.Sprint\n\t_ = log.Print\n\treturn n, nil\n"
    assert _found(task, "internal/a/a.go", source)["swallowed_exception"] >= 1
