"""Python is parsed in threads (validate --concurrency, concurrent trials). CPython 3.11's ast.parse
then fails now and then with `SystemError: AST constructor recursion depth mismatch` (a CI run lost
its bench's validate section to it); harness.python_parse serialises every parse."""

import gc
import sys
import threading

from harness.python_parse import parse_python

SOURCE = (
    "x = "
    + "(" * 30
    + "1"
    + ")" * 30
    + "\n"
    + "\n".join(f"def f{i}(a, b):\n    return [a + b for _ in range({i})]" for i in range(300))
)


class _Finalised:
    def __del__(self):
        sum(range(50))  # Python code run by the garbage collector mid-parse: a thread switch


def _parse_under_pressure(parse) -> list[str]:
    errors: list[str] = []

    def parse_many():
        for _ in range(20):
            try:
                parse(SOURCE)
            except SystemError as exc:
                errors.append(str(exc))

    def churn():
        for _ in range(100_000):
            a = _Finalised()
            a.cycle = [a]

    interval, threshold = sys.getswitchinterval(), gc.get_threshold()
    sys.setswitchinterval(1e-6)
    gc.set_threshold(10, 2, 2)
    try:
        threads = [threading.Thread(target=parse_many) for _ in range(4)]
        threads += [threading.Thread(target=churn) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
        gc.set_threshold(*threshold)
    return errors


def test_parsing_from_many_threads_under_gc_pressure_never_fails():
    assert _parse_under_pressure(parse_python) == []


def test_parse_python_is_ast_parse():
    import ast

    assert ast.dump(parse_python(SOURCE)) == ast.dump(ast.parse(SOURCE))
    assert isinstance(parse_python("1 + 2", mode="eval"), ast.Expression)
