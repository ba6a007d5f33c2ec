"""Functions fit on a screen: at most 60 lines (issue 11).

A function longer than that usually does several things in a row; naming each as a
function of its own says what they are. This test reads every module of `src/adaldyq`
and `bench` and fails on a function (or method) longer than 60 lines, counted from its
first decorator to its last line, docstring included. `PENDING` lists what another
engineer's work in progress still has to split. A PENDING entry that is short now fails
the test until it is removed from the list, so the list only shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60
PENDING: set[str] = set()  # none left


def _modules() -> Iterator[Path]:
    for folder in (ROOT / "src" / "adaldyq", ROOT / "bench"):
        yield from (p for p in sorted(folder.rglob("*.py")) if "migrations" not in p.parts)


def long_functions(source: str) -> Iterator[tuple[str, int]]:
    """(qualified name, lines) of each function longer than LIMIT, nested ones included."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                lines = (child.end_lineno or child.lineno) - first + 1
                if lines > LIMIT:
                    yield name, lines
                yield from walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")

    yield from walk(ast.parse(source), "")


def test_functions_are_at_most_sixty_lines() -> None:
    found: dict[str, int] = {}
    for path in _modules():
        module = path.relative_to(ROOT).as_posix()
        for name, lines in long_functions(path.read_text(encoding="utf-8")):
            found[f"{module}::{name}"] = lines
    new = sorted(f"{key} ({lines} lines)" for key, lines in found.items() if key not in PENDING)
    assert not new, f"Longer than {LIMIT} lines: split into functions named for what each part does:\n" + "\n".join(new)
    done = sorted(PENDING - set(found))
    assert not done, "Short now: remove from PENDING in this test:\n" + "\n".join(done)


def test_the_check_sees_what_it_should() -> None:
    def body(indent: int) -> str:  # LIMIT - 1 lines: with its `def`, a function of LIMIT lines
        return "".join(f"{' ' * indent}x{n} = {n}\n" for n in range(LIMIT - 1))

    source = (f"def fits():\n{body(4)}"
              f"@decorated\ndef too_long():\n{body(4)}"
              f"class Holder:\n    def method(self):\n{body(8)}"
              f"        def inner():\n{body(12)}            y = 1\n")
    assert dict(long_functions(source)) == {"too_long": LIMIT + 1, "Holder.method": 2 * LIMIT + 1,
                                            "Holder.method.inner": LIMIT + 1}
