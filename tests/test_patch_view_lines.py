"""Which lines a patch changed are read from the patch's own hunks, not re-derived by difflib.

When a removed block repeats a line (`}` in Go and TypeScript, `)` in Python), several alignments of
the old and new text are equally valid; difflib may choose a different one from the patch, and then
a finding or its evidence lands on a line the patch did not touch.
"""

from pathlib import Path

from harness.scoring.patch_view import PatchView
from harness.tasks import load_task

FIXTURES = Path(__file__).parent / "fixtures" / "scoring" / "tasks"

OLD = "func f() {\n\tif a {\n\t\tx()\n\t}\n\t}\n}\n"
# The patch removes the first of the two `\t}` lines (line 4); difflib would align it as line 5.
PATCH = """\
--- a/f.go
+++ b/f.go
@@ -1,6 +1,5 @@
 func f() {
 \tif a {
 \t\tx()
-\t}
 \t}
 }
"""


def view(patch: str, original: dict[str, bytes]) -> PatchView:
    return PatchView(load_task(FIXTURES / "shop-discount"), patch, original=original, facts=False)


def test_removed_and_added_lines_are_the_patch_hunks_lines():
    v = view(PATCH, {"f.go": OLD.encode()})
    assert v.after("f.go") == b"func f() {\n\tif a {\n\t\tx()\n\t}\n}\n"
    assert v.removed_lines("f.go") == {4}
    assert v.added_lines("f.go") == set()


def test_a_replacement_inside_a_hunk_is_one_region():
    patch = "--- a/f.go\n+++ b/f.go\n@@ -2,4 +2,4 @@\n \tif a {\n-\t\tx()\n+\t\ty()\n \t}\n \t}\n"
    v = view(patch, {"f.go": OLD.encode()})
    assert v.line_map("f.go").regions == [(2, 3, 2, 3)]
    assert v.hunks("f.go") == [(["\t\tx()"], 3, ["\t\ty()"])]


def test_a_hunk_applied_at_an_offset_is_read_where_it_applied():
    # The hunk says line 1; the file has three more lines above, so it applies 3 lines lower.
    original = {"f.go": ("// head\n" * 3 + OLD).encode()}
    v = view(PATCH, original)
    assert v.after("f.go") == ("// head\n" * 3 + "func f() {\n\tif a {\n\t\tx()\n\t}\n}\n").encode()
    assert v.removed_lines("f.go") == {7} and v.added_lines("f.go") == set()


def test_hunks_that_do_not_describe_the_texts_fall_back_to_the_texts_diff():
    # A patch whose sides are not these texts (as after a 3-way merge): the texts' own diff is used.
    from harness.patches import parse_patch
    from harness.scoring.patch_view import line_map

    old = OLD.splitlines()
    new = ["func f() {", "\tif b {", "\t\tx()", "\t}", "}"]
    lines = line_map(old, new, parse_patch(PATCH)[0])
    assert 2 in lines.removed and len(lines.removed) == 2 and set(lines.added) == {2}
