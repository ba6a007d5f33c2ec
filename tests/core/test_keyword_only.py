"""Functions and dataclasses with more than four parameters take the rest by name.

Ten positional arguments in a row are easy to pass in the wrong order and hard to read
at the call site (issue 11). This test reads every module of `src/adaldyq` and `bench`
and fails on a function with more than four positional parameters (not counting `self`
or `cls`) or a dataclass with more than four fields before its keyword-only ones
(`kw_only=True`, or a `_: KW_ONLY` marker after the first few). `EXEMPT` lists the
signatures someone else's caller fixes; `PENDING` what another engineer's work in
progress still has to convert. A PENDING entry that has been converted fails the test
until it is removed from the list, so the list only shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 4
EXEMPT = {
    "bench/risks.py::prepare.count": "Django's connection.execute_wrapper calls it with five positional arguments",
}
PENDING: set[str] = set()  # to convert after work in progress on these modules is merged


def _modules() -> Iterator[Path]:
    for folder in (ROOT / "src" / "adaldyq", ROOT / "bench"):
        yield from (p for p in sorted(folder.rglob("*.py")) if "migrations" not in p.parts)


def _positional(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    names = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    return len(names) - (1 if names and names[0] in ("self", "cls") else 0)


def _dataclass_positional(node: ast.ClassDef) -> int | None:
    """Fields that may be passed by position, or None when the class is no dataclass."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(target).rsplit(".", 1)[-1] != "dataclass":
            continue
        if isinstance(decorator, ast.Call) and any(
                k.arg == "kw_only" and ast.unparse(k.value) == "True" for k in decorator.keywords):
            return 0
        count = 0
        for statement in node.body:
            if not isinstance(statement, ast.AnnAssign):
                continue
            annotation = ast.unparse(statement.annotation)
            if annotation.endswith("KW_ONLY"):
                break
            if "ClassVar" not in annotation:
                count += 1
        return count
    return None


def _violations() -> Iterator[str]:
    for path in _modules():
        module = path.relative_to(ROOT).as_posix()

        def walk(node: ast.AST, prefix: str, module: str = module) -> Iterator[str]:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = f"{prefix}{child.name}"
                    if _positional(child) > LIMIT:
                        yield f"{module}::{name}"
                    yield from walk(child, f"{name}.")
                elif isinstance(child, ast.ClassDef):
                    name = f"{prefix}{child.name}"
                    positional = _dataclass_positional(child)
                    if positional is not None and positional > LIMIT:
                        yield f"{module}::{name}"
                    yield from walk(child, f"{name}.")

        yield from walk(ast.parse(path.read_text(encoding="utf-8")), "")


def test_long_signatures_take_their_arguments_by_name() -> None:
    found = set(_violations())
    new = sorted(found - set(EXEMPT) - PENDING)
    assert not new, ("More than four positional parameters: make the rest keyword-only "
                     "(`*,` in a function, `kw_only=True` or `_: KW_ONLY` in a dataclass):\n" + "\n".join(new))
    done = sorted(PENDING - found)
    assert not done, "Converted: remove from PENDING in this test:\n" + "\n".join(done)


def test_the_check_sees_what_it_should(tmp_path: Path) -> None:
    source = ast.parse(
        "from dataclasses import KW_ONLY, dataclass\n"
        "def five(a, b, c, d, e): pass\n"
        "def fine(self, a, b, c, d, *, e): pass\n"
        "@dataclass\nclass Wide:\n    a: int\n    b: int\n    c: int\n    d: int\n    e: int\n"
        "@dataclass(frozen=True)\nclass Marked:\n    a: int\n    _: KW_ONLY\n    b: int\n    c: int\n    d: int\n"
        "    e: int\n"
        "@dataclass(kw_only=True)\nclass Named:\n    a: int\n    b: int\n    c: int\n    d: int\n    e: int\n")
    functions = {n.name: _positional(n) for n in source.body if isinstance(n, ast.FunctionDef)}
    classes = {n.name: _dataclass_positional(n) for n in source.body if isinstance(n, ast.ClassDef)}
    assert functions == {"five": 5, "fine": 4}
    assert classes == {"Wide": 5, "Marked": 1, "Named": 0}
