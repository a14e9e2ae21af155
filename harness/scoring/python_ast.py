"""Python code helpers for the scorers: parse a file version, its comments, its statements with their
enclosing function and class, its definitions, how names are called, and the literals it holds (as
keys that compare 10.05, '10.05' and Decimal('10.05') equal). Pure functions over bytes and AST
nodes; a file that does not parse gives None, never an empty module."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from harness.python_parse import parse_python


def module_name(path: str) -> str:
    """Dotted module for a repo-relative .py path (app/pricing.py -> app.pricing)."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def ast_of(content: bytes | None) -> ast.Module | None:
    if content is None:
        return None
    try:
        return parse_python(content)
    except (SyntaxError, ValueError):
        return None


def comments_of(content: bytes | None, only_if: re.Pattern | None = None) -> dict[int, str]:
    """Line -> comment text (tokenize, so '#' inside strings is not a comment).

    `only_if`: skip tokenizing (return {}) when the raw text cannot hold a matching comment.
    """
    if not content or (only_if is not None and not only_if.search(content.decode("utf-8", "replace"))):
        return {}
    found: dict[int, str] = {}
    try:
        for token in tokenize.tokenize(io.BytesIO(content).readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0]] = token.string
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return found


def walk_statements(body: list[ast.stmt], function: ast.AST | None = None, klass: ast.AST | None = None):
    """(statement, enclosing function, enclosing class), statements only (cheap: no expressions)."""
    for stmt in body:
        yield stmt, function, klass
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from walk_statements(stmt.body, stmt, klass)
        elif isinstance(stmt, ast.ClassDef):
            yield from walk_statements(stmt.body, None, stmt)
        else:
            for name in ("body", "orelse", "finalbody"):
                yield from walk_statements(getattr(stmt, name, None) or [], function, klass)
            for handler in getattr(stmt, "handlers", None) or []:
                yield from walk_statements(handler.body, function, klass)
            for case in getattr(stmt, "cases", None) or []:
                yield from walk_statements(case.body, function, klass)


def definitions(body: list[ast.stmt], prefix: str = "") -> Iterable[tuple[str, ast.AST]]:
    """(qualified name, node) of every function and class, nested ones too (`Cls.method`, `f.inner`)."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = prefix + stmt.name
            yield name, stmt
            yield from definitions(stmt.body, name + ".")
        else:
            for field_name in ("body", "orelse", "finalbody"):
                yield from definitions(getattr(stmt, field_name, None) or [], prefix)
            for handler in getattr(stmt, "handlers", None) or []:
                yield from definitions(handler.body, prefix)
            for case in getattr(stmt, "cases", None) or []:
                yield from definitions(case.body, prefix)


@dataclass
class CallSites:
    """How a callee name is called: keyword names passed, the most positional arguments, and whether
    some call passes *args / **kwargs (arguments that cannot be told apart)."""

    keywords: set[str] = field(default_factory=set)
    positional: int = 0
    starred: bool = False


def _last_name(node: ast.AST) -> str | None:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None


def call_sites(nodes: Iterable[ast.AST], into: dict[str, CallSites] | None = None) -> dict[str, CallSites]:
    """Callee (last dotted name: `f`, `obj.f`, `Cls`) -> how it is called, over the given AST nodes.

    A function handed to a call as a value is called by it with that call's other arguments:
    `Process(target=run, kwargs={"retries": 2})`, `partial(run, retries=2)`, `pool.submit(run, job,
    retries=2)` all pass `retries` to `run` (keywords, string keys of dict literals, and positions from
    tuple literals or the arguments after it)."""
    sites = into if into is not None else {}
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        name = _last_name(node.func)
        if name is not None:
            site = sites.setdefault(name, CallSites())
            site.keywords.update(k.arg for k in node.keywords if k.arg is not None)
            site.positional = max(site.positional, sum(1 for a in node.args if not isinstance(a, ast.Starred)))
            site.starred = site.starred or any(isinstance(a, ast.Starred) for a in node.args)
            site.starred = site.starred or any(k.arg is None for k in node.keywords)
        for i, value in enumerate([*node.args, *(k.value for k in node.keywords)]):
            referenced = _last_name(value)
            if referenced is None:
                continue
            site = sites.setdefault(referenced, CallSites())
            site.keywords.update(k.arg for k in node.keywords if k.arg is not None and k.value is not value)
            for other in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(other, ast.Dict):
                    site.keywords.update(
                        k.value for k in other.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
                    )
                elif isinstance(other, ast.Tuple):
                    site.positional = max(site.positional, len(other.elts))
            if i < len(node.args):
                site.positional = max(site.positional, len(node.args) - i - 1)
    return sites


# -- literals -----------------------------------------------------------------------------------
NUMBER_IN_TEXT = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
QUOTED_IN_TEXT = re.compile(r"`([^`\n]{2,60})`|\"([^\"\n]{2,60})\"|'([^'\n]{2,60})'")


def literal_keys(value: object) -> set[str]:
    """Normalized keys for a literal so that 10.05, '10.05' and Decimal('10.05') compare equal."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        if abs(value) <= 2:
            return set()
        return {f"num:{float(value)!r}"}
    if isinstance(value, str):
        stripped = value.strip()
        if len(stripped) <= 1:
            return set()
        keys = {f"str:{stripped}"}
        try:
            number = float(stripped)
        except ValueError:
            return keys
        if abs(number) > 2 and number == number:
            keys.add(f"num:{number!r}")
        return keys
    return set()


def literals_in_tree(tree: ast.AST | None) -> set[str]:
    return literals_in_nodes(ast.walk(tree)) if tree is not None else set()


def literals_in_nodes(nodes: Iterable[ast.AST]) -> set[str]:
    keys: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Constant):
            keys |= literal_keys(node.value)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            if isinstance(node.operand.value, int | float) and not isinstance(node.operand.value, bool):
                keys |= literal_keys(-node.operand.value)
    return keys


def literals_in_text(text: str) -> set[str]:
    keys: set[str] = set()
    for match in NUMBER_IN_TEXT.finditer(text):
        keys |= literal_keys(match.group(0))
    for match in QUOTED_IN_TEXT.finditer(text):
        keys |= literal_keys(next(g for g in match.groups() if g is not None))
    return keys
