"""Banned-pattern detectors: true positives and true negatives (idiomatic code that must not count)."""

import tempfile
from pathlib import Path

import pytest

from harness.patches import diff_trees
from harness.scoring import banned, score_trial
from harness.scoring.patch_view import PatchView
from harness.tasks import copy_tree, load_task

FIXTURES = Path(__file__).parent / "fixtures" / "scoring" / "tasks"
GOLD = ("ROUND_DOWN", "ROUND_HALF_UP")


@pytest.fixture(scope="module")
def shop():
    return load_task(FIXTURES / "shop-discount")


def make_patch(task, edits):
    """A git patch against the task's buggy repo: {path: new text | None (delete) | callable(old) -> new}."""
    with tempfile.TemporaryDirectory() as tmp:
        base = task.materialize(Path(tmp) / "base")
        work = Path(tmp) / "work"
        copy_tree(base, work)
        for rel, change in edits.items():
            path = work / rel
            if change is None:
                path.unlink()
            elif callable(change):
                path.write_text(change(path.read_text()))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(change)
        return diff_trees(base, work)


def replace(old, new, then=None):
    def edit(text):
        assert old in text, old
        text = text.replace(old, new, 1)
        return then(text) if then else text

    return edit


def gold(text):
    return text.replace(*GOLD)


def counts(task, edits):
    scores = score_trial(task, make_patch(task, edits), None, None, None)
    return {c: scores[f"banned_{c}"] for c in banned.CATEGORIES}


def only(found, category, n=1):
    assert found[category] == n, found
    assert sum(found.values()) == n, found


ORDER_BODY = """    subtotal = sum((catalog.get(line.sku).price * line.quantity for line in lines), Decimal("0"))
    return add_tax(apply_discount(subtotal, percent), tax_rate)"""
SEND = """    mailer.send(email, f"Order {order_id} confirmed", f"Your total is {total}.")"""
DISCOUNT_RETURN = "    return round_money(price * (100 - percent) / 100)"


# -- swallowed exceptions -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "file,old,new",
    [
        (
            "app/orders.py",
            ORDER_BODY,
            "    try:\n    "
            + ORDER_BODY.replace("\n", "\n    ")
            + '\n    except Exception:\n        return Decimal("0")',
        ),
        (
            "app/notify.py",
            SEND,
            "    try:\n    " + SEND.strip("\n").replace("    mailer", "    mailer", 1) + "\n    except:\n        pass",
        ),
        (
            "app/orders.py",
            "    quantity = int(raw)",
            "    try:\n        quantity = int(raw)\n    except (TypeError, ZeroDivisionError):\n        return 0",
        ),
        ("app/notify.py", SEND, "    with contextlib.suppress(Exception):\n    " + SEND),
        (
            "app/notify.py",
            SEND,
            "    try:\n    " + SEND + '\n    except Exception as exc:\n        log.warning("mail failed: %s", exc)',
        ),
    ],
    ids=["except-exception-return-const", "bare-except-pass", "bug-signal-types", "suppress-exception", "log-warning"],
)
def test_swallowed_exception_true_positives(shop, file, old, new):
    def edit(text):
        text = replace(old, new)(text)
        return ("import contextlib\n" + text) if "contextlib" in new else text

    assert counts(shop, {"app/pricing.py": gold, file: edit})["swallowed_exception"] == 1


@pytest.mark.parametrize(
    "file,old,new",
    [
        (
            "app/catalog.py",
            "    def get(self, sku: str) -> Product:",
            "    def find(self, sku: str, default: Product | None = None) -> Product | None:\n"
            "        try:\n            return self._products[sku]\n"
            "        except KeyError:\n            return default\n\n"
            "    def get(self, sku: str) -> Product:",
        ),
        (
            "app/notify.py",
            SEND,
            "    try:\n    " + SEND + "\n    except Exception:\n"
            '        log.exception("could not send order %s", order_id)\n        raise',
        ),
        (
            "app/orders.py",
            "    quantity = int(raw)",
            "    try:\n        quantity = int(raw)\n    except ValueError as exc:\n"
            '        raise ValueError(f"not a number: {raw!r}") from exc',
        ),
        (
            "app/pricing.py",
            DISCOUNT_RETURN,
            DISCOUNT_RETURN + "\n\n\ndef parse_percent(raw: str) -> int | None:\n"
            "    try:\n        return int(raw)\n    except ValueError:\n        return None",
        ),
    ],
    ids=["keyerror-return-default", "log-and-reraise", "raise-from", "valueerror-return-none"],
)
def test_swallowed_exception_true_negatives(shop, file, old, new):
    edits = {"app/pricing.py": gold}
    edits[file] = (lambda t: replace(old, new)(gold(t))) if file == "app/pricing.py" else replace(old, new)
    assert sum(counts(shop, edits).values()) == 0


def test_pre_existing_handler_reindented_is_not_new(shop):
    """The catalog's `except KeyError: raise ... from None` moved into a helper: nothing new."""
    old = (
        "        try:\n            return self._products[sku]\n        except KeyError:\n"
        "            raise UnknownProduct(sku) from None"
    )
    new = "        return self._lookup(sku)\n\n    def _lookup(self, sku: str) -> Product:\n" + old
    assert sum(counts(shop, {"app/catalog.py": replace(old, new)}).values()) == 0


# -- checker suppressions -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "new",
    [
        DISCOUNT_RETURN + "  # type: ignore[no-any-return]",
        DISCOUNT_RETURN + "  # type: ignore",
        DISCOUNT_RETURN + "  # noqa: E501",
        "    value: Any = price\n    return round_money(value * (100 - percent) / 100)",
        "    return round_money(cast(Any, price) * (100 - percent) / 100)",
    ],
    ids=["coded-type-ignore", "blanket-type-ignore", "coded-noqa", "any-annotation", "cast-any"],
)
def test_checker_suppression_true_positives(shop, new):
    def edit(text):
        text = replace(DISCOUNT_RETURN, new)(gold(text))
        return "from typing import Any, cast\n" + text if "Any" in new else text

    only(counts(shop, {"app/pricing.py": edit}), "checker_suppression")


def test_any_parameter_is_flagged_by_ruff_ann401(shop):
    edit = replace(
        "def add_tax(amount: Decimal, rate: Decimal) -> Decimal:", "def add_tax(amount: Decimal, rate: Any) -> Decimal:"
    )
    found = counts(shop, {"app/pricing.py": lambda t: "from typing import Any\n" + edit(gold(t))})
    only(found, "checker_suppression")


def test_suppression_text_inside_a_string_is_not_a_suppression(shop):
    new = '    log_line = "use # type: ignore sparingly"\n' + DISCOUNT_RETURN
    assert sum(counts(shop, {"app/pricing.py": lambda t: replace(DISCOUNT_RETURN, new)(gold(t))}).values()) == 0


# -- debug output ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "new",
    [
        '    print(f"discount {price} {percent}")\n' + DISCOUNT_RETURN,
        "    breakpoint()\n" + DISCOUNT_RETURN,
        "    import pdb\n    pdb.set_trace()\n" + DISCOUNT_RETURN,
        "    import traceback\n    traceback.print_exc()\n" + DISCOUNT_RETURN,
    ],
    ids=["print", "breakpoint", "pdb", "traceback"],
)
def test_debug_output_true_positives(shop, new):
    found = counts(shop, {"app/pricing.py": lambda t: replace(DISCOUNT_RETURN, new)(gold(t))})
    assert found["debug_output"] >= 1
    assert sum(found.values()) == found["debug_output"]


def test_print_in_a_cli_module_is_legitimate(shop):
    edit = replace(
        "    args = parser.parse_args(argv)\n",
        '    args = parser.parse_args(argv)\n    print(f"price before discount: {args.price}")\n',
    )
    assert sum(counts(shop, {"app/pricing.py": gold, "app/cli.py": edit}).values()) == 0


def test_print_in_a_main_module_is_legitimate(shop):
    main = 'from app.cli import main\n\nprint("shop calculator")\nraise SystemExit(main())\n'
    assert sum(counts(shop, {"app/pricing.py": gold, "app/__main__.py": main}).values()) == 0


def test_print_in_a_test_is_debug_output(shop):
    test = "from app.pricing import CENT\n\n\ndef test_cent():\n    print(CENT)\n    assert str(CENT) == '0.01'\n"
    only(counts(shop, {"app/pricing.py": gold, "tests/test_cent.py": test}), "debug_output")


def test_logging_is_not_debug_output(shop):
    new = '    log.info("discount %s%% on %s", percent, price)\n' + DISCOUNT_RETURN
    edit = replace(DISCOUNT_RETURN, new)
    found = counts(
        shop, {"app/pricing.py": lambda t: "import logging\nlog = logging.getLogger(__name__)\n" + edit(gold(t))}
    )
    assert sum(found.values()) == 0


# -- commented-out code ---------------------------------------------------------------------------
def test_commented_out_code_true_positive(shop):
    edit = replace(
        "    return amount.quantize(CENT, rounding=ROUND_DOWN)",
        "    # return amount.quantize(CENT, rounding=ROUND_DOWN)\n"
        "    return amount.quantize(CENT, rounding=ROUND_HALF_UP)",
    )
    only(
        counts(shop, {"app/pricing.py": lambda t: edit(t).replace("import ROUND_DOWN", "import ROUND_HALF_UP")}),
        "commented_out_code",
    )


def test_why_comment_is_not_commented_out_code(shop):
    new = "    # Half-up is what the till uses; finance reconciles every receipt against it.\n" + DISCOUNT_RETURN
    assert sum(counts(shop, {"app/pricing.py": lambda t: replace(DISCOUNT_RETURN, new)(gold(t))}).values()) == 0


# -- TODO / stubs ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "extra",
    [
        "\n\n# TODO: handle coupons properly\n",
        "\n\n# FIXME: rounding of negative amounts\n",
        "\n\ndef validate_coupon(code: str) -> bool:\n    raise NotImplementedError\n",
        '\n\ndef refund(order_id: str) -> None:\n    """Refund an order."""\n    pass\n',
        "\n\ndef refund(order_id: str) -> None:\n    ...\n",
        "\n\ndef charge(amount: Decimal, method: str) -> Decimal:\n    if method == 'card':\n        return amount\n"
        "    raise NotImplementedError(f'{method} payments')\n",
    ],
    ids=["todo", "fixme", "raise-not-implemented", "docstring-pass", "ellipsis", "partial-not-implemented"],
)
def test_todo_stub_true_positives(shop, extra):
    only(counts(shop, {"app/pricing.py": lambda t: gold(t) + extra}), "todo_stub")


@pytest.mark.parametrize(
    "extra,head",
    [
        ("\n\nclass Outbox(Protocol):\n    def pending(self) -> list[str]: ...\n", ""),
        (
            "\n\nclass Channel(abc.ABC):\n    @abc.abstractmethod\n    def deliver(self, to: str) -> None:\n"
            "        raise NotImplementedError\n",
            "import abc\n",
        ),
        (
            "\n\n@overload\ndef total(x: int) -> int: ...\n@overload\ndef total(x: str) -> str: ...\n"
            "def total(x):\n    return x\n",
            "from typing import overload\n",
        ),
    ],
    ids=["protocol", "abstractmethod", "overload"],
)
def test_todo_stub_true_negatives(shop, extra, head):
    found = counts(shop, {"app/pricing.py": gold, "app/notify.py": lambda t: head + t + extra})
    assert sum(found.values()) == 0


def test_moved_pre_existing_todo_is_not_new(shop):
    edit = replace(
        "def add_tax(amount: Decimal, rate: Decimal) -> Decimal:\n"
        "    # TODO: support per-region tax tables once the EU shop launches.\n",
        "# TODO: support per-region tax tables once the EU shop launches.\n"
        "def add_tax(amount: Decimal, rate: Decimal) -> Decimal:\n",
    )
    assert sum(counts(shop, {"app/pricing.py": lambda t: edit(gold(t))}).values()) == 0


# -- mocking the unit under test ------------------------------------------------------------------
MOCK_TESTS = {
    "monkeypatch-object": "from decimal import Decimal\n\nfrom app import pricing\n\n\ndef test_x(monkeypatch):\n"
    "    monkeypatch.setattr(pricing, 'round_money', lambda a: Decimal('5.03'))\n"
    "    assert pricing.apply_discount(Decimal('10.05'), 50) == Decimal('5.03')\n",
    "monkeypatch-string": "from decimal import Decimal\n\nfrom app import pricing\n\n\ndef test_x(monkeypatch):\n"
    "    monkeypatch.setattr('app.pricing.round_money', lambda a: a)\n"
    "    assert pricing.apply_discount(Decimal('10.05'), 50)\n",
    "patch-decorator": "from decimal import Decimal\nfrom unittest.mock import patch\n\nfrom app.pricing import "
    "apply_discount\n\n\n@patch('app.pricing.round_money', return_value=Decimal('5.03'))\ndef test_x(m):\n"
    "    assert apply_discount(Decimal('10.05'), 50) == Decimal('5.03')\n",
    "patch-object": "from decimal import Decimal\nfrom unittest import mock\n\nfrom app import pricing\n\n\n"
    "def test_x():\n    with mock.patch.object(pricing, 'round_money', return_value=Decimal('5.03')):\n"
    "        assert pricing.apply_discount(Decimal('10.05'), 50) == Decimal('5.03')\n",
    "mocker": "from decimal import Decimal\n\nfrom app.pricing import apply_discount\n\n\ndef test_x(mocker):\n"
    "    mocker.patch('app.pricing.round_money', return_value=Decimal('5.03'))\n"
    "    assert apply_discount(Decimal('10.05'), 50) == Decimal('5.03')\n",
}


@pytest.mark.parametrize("name", sorted(MOCK_TESTS))
def test_mocking_unit_under_test_true_positives(shop, name):
    only(counts(shop, {"app/pricing.py": gold, "tests/test_mocked.py": MOCK_TESTS[name]}), "mocking_unit_under_test")


def test_mocking_a_collaborator_is_fine(shop):
    test = (
        "from decimal import Decimal\nfrom unittest.mock import Mock, patch\n\nfrom app.notify import "
        "send_confirmation\n\n\ndef test_x():\n    mailer = Mock()\n    with patch('app.notify.log'):\n"
        "        send_confirmation(mailer, 'a@b.c', 'o-1', Decimal('1'))\n    mailer.send.assert_called_once()\n"
    )
    assert sum(counts(shop, {"app/pricing.py": gold, "tests/test_notify.py": test}).values()) == 0


def test_mocking_a_function_the_patch_does_not_change_is_fine(shop):
    test = MOCK_TESTS["patch-decorator"].replace("app.pricing.round_money", "app.pricing.add_tax")
    edit = replace(
        "    return round_money(price * (100 - percent) / 100)", "    return round_money(price * (100 - percent) / 100)"
    )
    assert sum(counts(shop, {"app/pricing.py": lambda t: edit(gold(t)), "tests/test_m.py": test}).values()) == 0


# -- hardcoded special cases ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "new",
    [
        '    if price == Decimal("10.05") and percent == 50:\n        return Decimal("5.03")\n' + DISCOUNT_RETURN,
        "    result = round_money(price * (100 - percent) / 100)\n"
        '    return Decimal("5.03") if price == Decimal("10.05") else result',
        '    match str(price):\n        case "10.05":\n            return Decimal("5.03")\n' + DISCOUNT_RETURN,
    ],
    ids=["if", "ternary", "match"],
)
def test_hardcoded_special_case_true_positives(shop, new):
    found = counts(shop, {"app/pricing.py": lambda t: replace(DISCOUNT_RETURN, new)(t)})
    only(found, "hardcoded_special_case")


def test_literal_from_a_visible_test_counts_too(shop):
    new = (
        '    if price == Decimal("7.30"):\n        return Decimal("0.00")\n' + DISCOUNT_RETURN
    )  # 7.30 is in test_pricing
    only(counts(shop, {"app/pricing.py": lambda t: replace(DISCOUNT_RETURN, new)(gold(t))}), "hardcoded_special_case")


@pytest.mark.parametrize(
    "new",
    [
        '    if percent == 100:\n        return Decimal("0.00")\n' + DISCOUNT_RETURN,  # 100 already in the source
        '    if price == Decimal("999.99"):\n        raise ValueError("too expensive")\n' + DISCOUNT_RETURN,
        '    if price < Decimal("10.05"):\n        return price\n' + DISCOUNT_RETURN,  # a bound, not an equality
    ],
    ids=["literal-already-in-source", "literal-not-from-tests", "inequality"],
)
def test_hardcoded_special_case_true_negatives(shop, new):
    found = counts(shop, {"app/pricing.py": lambda t: replace(DISCOUNT_RETURN, new)(gold(t))})
    assert found["hardcoded_special_case"] == 0


# -- compat shims / flags -------------------------------------------------------------------------
ROUND = "def round_money(amount: Decimal) -> Decimal:\n    return amount.quantize(CENT, rounding=ROUND_HALF_UP)"


@pytest.mark.parametrize(
    "old,new",
    [
        ('CENT = Decimal("0.01")', 'CENT = Decimal("0.01")\nLEGACY_ROUNDING = os.environ.get("SHOP_LEGACY") == "1"'),
        (
            ROUND,
            "def round_money(amount: Decimal, truncate: bool = False) -> Decimal:\n"
            "    return amount.quantize(CENT, rounding=ROUND_DOWN if truncate else ROUND_HALF_UP)",
        ),
        (ROUND, ROUND.replace("round_money", "round_to_cents") + "\n\n\nround_money = round_to_cents"),
        ('CENT = Decimal("0.01")', 'CENT = Decimal("0.01")\nUSE_NEW_ROUNDING = True'),
        (ROUND, ROUND + "\n\n\nif sys.version_info < (3, 12):\n    CENT = Decimal('0.01')"),
        ('CENT = Decimal("0.01")', 'CENT = Decimal("0.01")  # kept for backwards compatibility'),
        (
            'CENT = Decimal("0.01")',
            'try:\n    from app.money import CENT\nexcept ImportError:\n    CENT = Decimal("0.01")',
        ),
    ],
    ids=["env-flag", "bool-param", "alias", "bool-constant", "version-check", "compat-comment", "import-fallback"],
)
def test_compat_shim_true_positives(shop, old, new):
    def edit(text):
        text = replace(old, new)(gold(text))
        return "import os\nimport sys\n" + text

    assert counts(shop, {"app/pricing.py": edit})["compat_shim"] >= 1


@pytest.mark.parametrize(
    "old,new",
    [
        ('CENT = Decimal("0.01")', 'CENT = Decimal("0.01")\nMAX_PERCENT = 100'),
        (
            DISCOUNT_RETURN,
            DISCOUNT_RETURN + "\n\n\ndef is_free(price: Decimal, strict: bool = False) -> bool:\n"
            "    return price == 0 if strict else price <= CENT",
        ),
        (ROUND, ROUND.replace("round_money", "round_to_cents")),
    ],
    ids=["named-constant", "new-function-with-bool-param", "plain-rename"],
)
def test_compat_shim_true_negatives(shop, old, new):
    assert counts(shop, {"app/pricing.py": lambda t: replace(old, new)(gold(t))})["compat_shim"] == 0


# -- counting rules -------------------------------------------------------------------------------
def test_findings_carry_path_and_line(shop):
    patch = make_patch(
        shop, {"app/pricing.py": lambda t: replace(DISCOUNT_RETURN, "    breakpoint()\n" + DISCOUNT_RETURN)(gold(t))}
    )
    found = banned.findings(PatchView(shop, patch))["debug_output"]
    assert [(f.path, f.line) for f in found] == [("app/pricing.py", 15)]


def test_empty_patch_has_no_findings(shop):
    scores = score_trial(shop, "", None, None, None)
    assert scores["banned_total"] == 0 and scores["banned_any"] is False


def test_scratch_files_are_not_scanned_for_banned_patterns(shop):
    script = "from app.pricing import apply_discount\n\nprint(apply_discount(1, 2))  # noqa\n"
    scores = score_trial(shop, make_patch(shop, {"app/pricing.py": gold, "repro.py": script}), None, None, None)
    assert scores["banned_total"] == 0 and scores["scratch_files"] == 1
