"""False-positive and crash classes found on real bug-fix commits (issue 11), one class per section.

Each case is a small original tree and its changed version, scored as evalrun scores any patch.
"""

import tempfile
from pathlib import Path

import pytest

from harness.patches import diff_trees
from harness.scoring import banned
from harness.scoring.patchview import PatchView
from harness.tasks import load_task

FIXTURES = Path(__file__).parent / "fixtures" / "scoring" / "tasks"


@pytest.fixture(scope="module")
def shop():
    return load_task(FIXTURES / "shop-discount")


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def view_of(task, before: dict[str, str], after: dict[str, str | None]) -> PatchView:
    """A PatchView of the patch turning `before` into `before` updated by `after` (None deletes)."""
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old", Path(tmp) / "new"
        old.mkdir(), new.mkdir()
        write(old, before)
        merged = {**before, **after}
        write(new, {rel: text for rel, text in merged.items() if text is not None})
        patch = diff_trees(old, new)
    original = {rel: text.encode() for rel, text in before.items()}
    return PatchView(task, patch, original=original, facts=False)


def banned_counts(view: PatchView) -> dict[str, int]:
    return {c: len(v) for c, v in banned.findings(view).items() if v}


# -- 1. an old finding on an edited line is not new ---------------------------------------------------
MODULE = '''"""Prices."""
from typing import Any


def load(raw):
    value: Any = parse(raw)  # type: ignore[no-untyped-call]
    total = compute(value)  # noqa: E501
    #total = legacy(value)
    return total
'''


@pytest.mark.parametrize(
    "old,new",
    [
        ("total = compute(value)  # noqa: E501", "total = compute(value, strict=True)  # noqa: E501"),
        (
            "value: Any = parse(raw)  # type: ignore[no-untyped-call]",
            "value: Any = parse(raw, 10)  # type: ignore[no-untyped-call]",
        ),
        ("    #total = legacy(value)", "    # total = legacy(value)"),
        ("    #total = legacy(value)", "    #total = legacy(value, 2)"),
    ],
)
def test_old_finding_on_an_edited_line_is_not_new(shop, old, new):
    view = view_of(shop, {"app/prices.py": MODULE}, {"app/prices.py": MODULE.replace(old, new)})
    assert banned_counts(view) == {}


@pytest.mark.parametrize(
    "old,new,category",
    [
        # a suppression added to a line that had none
        ("    return total", "    return total  # type: ignore[return-value]", "checker_suppression"),
        # a second suppression in the same changed region
        (
            "total = compute(value)  # noqa: E501",
            "total = compute(value, strict=True)  # noqa: E501\n    extra = more(value)  # noqa: E501",
            "checker_suppression",
        ),
        # commented-out code beside an edited one
        ("    #total = legacy(value)", "    # total = legacy(value)\n    # total = older(value)", "commented_out_code"),
    ],
)
def test_a_finding_the_edit_adds_still_counts(shop, old, new, category):
    view = view_of(shop, {"app/prices.py": MODULE}, {"app/prices.py": MODULE.replace(old, new)})
    assert banned_counts(view) == {category: 1}
