"""Parse Python source, safely from several threads at once.

CPython 3.11's `ast.parse` is not thread-safe: the conversion of the parse tree into `ast` objects
keeps its recursion depth in per-interpreter state, and a thread switch inside it (a garbage
collection running a finaliser is enough) makes another thread's parse fail with
`SystemError: AST constructor recursion depth mismatch (before=.., after=..)`. evalrun parses
Python in threads (`validate --concurrency`, the runner's concurrent trials scoring patches), and a
CI run lost a bench section to it, so every parse in the harness goes through this one lock.
"""

from __future__ import annotations

import ast
import threading

_LOCK = threading.Lock()


def parse_python(source: str | bytes, filename: str = "<unknown>", mode: str = "exec") -> ast.AST:
    """`ast.parse(source, filename, mode)`, one thread at a time (raises what ast.parse raises)."""
    with _LOCK:
        return ast.parse(source, filename=filename, mode=mode)
