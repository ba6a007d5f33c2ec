"""No function-local imports across apps (issue 11).

import-linter (`make lint`, pyproject.toml) checks which modules an app may import from
another; it cannot see where the import statement stands. An import hidden in a
function hides a dependency from the reader of the module's head, and usually papers
over an import cycle that should be resolved instead. `PENDING` lists what another
engineer's work in progress still holds; a listed import that is gone fails the test
until it is removed from the list, so the list only shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "adaldyq"
APPS = {"cooperation", "procurement", "recovery", "register", "risks", "screening", "transparency"}
PENDING: set[str] = set()  # none left: every cross-app import is at module level, through a seam


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "adaldyq" and parts[1] in APPS else None


def local_imports(source: str, own_app: str | None) -> Iterator[tuple[str, str]]:
    """(function, imported module) for each import of another app inside a function."""
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if _app(name) not in (None, own_app):
                    yield function.name, name


def _found() -> set[str]:
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        own = relative.parts[0] if relative.parts[0] in APPS else None
        for function, module in local_imports(path.read_text(encoding="utf-8"), own):
            found.add(f"{relative.as_posix()}::{function} -> {module}")
    return found


def test_apps_import_each_other_at_the_top_of_a_module() -> None:
    found = _found()
    new = sorted(found - PENDING)
    assert not new, ("Move these imports to the top of the module, through the other app's "
                     "public.py (CONTRIBUTING.md, 'Seams between apps'):\n" + "\n".join(new))
    done = sorted(PENDING - found)
    assert not done, "Gone: remove from PENDING in this test:\n" + "\n".join(done)


def test_the_check_sees_what_it_should() -> None:
    source = ("from adaldyq.register import public\n"
              "def f():\n    from adaldyq.register.models import Conviction\n"
              "def g():\n    import adaldyq.recovery.public\n"
              "def h():\n    from adaldyq.core import history\n    from adaldyq.screening import engine\n"
              "def i():\n    from .models import X\n")
    assert sorted(local_imports(source, "screening")) == [
        ("f", "adaldyq.register.models"), ("g", "adaldyq.recovery.public")]
