"""What CONTRIBUTING.md asks of each kind of addition, checked (as tests/procurement/test_docs.py
does for indicators): a public page is documented and answers in every language; an import
column and a list format are documented; a language has its translations compiled for
every part; a benchmark is run by `make bench` and documented."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.urls import URLPattern

from adaldyq import urls
from adaldyq.recovery import imports as asset_imports
from adaldyq.register import feed
from adaldyq.risks import imports as risk_imports
from adaldyq.screening import lists

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PACKAGE = ROOT / "src" / "adaldyq"


def doc_of(app: str) -> str:
    page = DOCS / f"{app}.md"
    return (page if page.exists() else DOCS / app / "index.md").read_text(encoding="utf-8")


def public_pages() -> list[tuple[str, str]]:
    """(app, '/<lang>/prefix/route') of every public page in the URL map."""
    found = [("PLATFORM", f"/<lang>/{p.pattern}") for p in importlib.import_module("adaldyq.core.urls").urlpatterns]
    for app, prefix in urls.PARTS.items():
        try:
            module = importlib.import_module(f"adaldyq.{app}.urls")
        except ModuleNotFoundError:
            continue
        found += [(app, f"/<lang>/{prefix}/{p.pattern}") for p in module.urlpatterns if isinstance(p, URLPattern)]
    return found


@pytest.mark.parametrize(("app", "route"), public_pages(), ids=lambda v: str(v))
def test_every_public_page_is_in_its_docs(app: str, route: str) -> None:
    static = "/<lang>/" + route.removeprefix("/<lang>/").split("<", 1)[0]
    assert static in doc_of(app), f"{route} is not mentioned in the docs of {app}"


STATIC = [route for _, route in public_pages() if "<" not in route.removeprefix("/<lang>/")]


@pytest.mark.parametrize("route", STATIC)
@pytest.mark.parametrize("lang", [code for code, _ in settings.LANGUAGES])
def test_every_public_page_answers_in_every_language(db: Any, client: Client, route: str, lang: str) -> None:
    response = client.get(route.replace("<lang>", lang))
    assert response.status_code == 200, (route, lang, response.status_code)
    if response["Content-Type"].startswith("text/html"):
        assert f'<html lang="{lang}">' in response.content.decode()


IMPORTS = {
    "register": [*feed.RECORD_COLUMNS, *feed.OPTIONAL_COLUMNS, *feed.EVENT_COLUMNS],
    "recovery": [*asset_imports.ASSET_COLUMNS, *asset_imports.OPTIONAL_ASSET_COLUMNS, *asset_imports.RATE_COLUMNS],
    "risks": [*risk_imports.COLUMNS, *risk_imports.EXPORT_ONLY],
    "screening": list(lists.CSV_COLUMNS),
}


@pytest.mark.parametrize(("app", "column"), [(a, c) for a, cs in IMPORTS.items() for c in dict.fromkeys(cs)],
                         ids=lambda v: str(v))
def test_every_import_column_is_documented(app: str, column: str) -> None:
    prose = re.sub(r"```.*?```", "", doc_of(app), flags=re.S)  # fenced examples are not the column list
    in_code = {word for span in re.findall(r"`([^`]+)`", prose) for word in re.findall(r"\w+", span)}
    assert column in in_code, f"column {column} of the {app} import is not named in docs/{app}.md"


@pytest.mark.parametrize(("code", "title"), lists.FORMATS.items())
def test_every_list_format_has_its_section(code: str, title: str) -> None:
    assert f"- *{title}*" in doc_of("screening"), f"docs/screening.md has no '- *{title}*' section"


LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]  # English is the source language
PARTS_WITH_TEXT = sorted(p.parent.name for p in PACKAGE.glob("*/locale"))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("part", PARTS_WITH_TEXT)
def test_every_language_is_translated_and_compiled(part: str, lang: str) -> None:
    po_path = PACKAGE / part / "locale" / lang / "LC_MESSAGES" / "django.po"
    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    with po_path.with_suffix(".mo").open("rb") as handle:
        compiled = read_mo(handle)

    def text(value: Any) -> tuple[str, ...]:
        return (value,) if isinstance(value, str) else tuple(value)

    for message in catalogue:
        if not message.id:
            continue
        assert all(text(message.string)) and not message.fuzzy, f"{po_path}: {message.id!r} is not translated"
        found = compiled.get(message.id, context=message.context)
        assert found is not None and text(found.string) == text(message.string), (
            f"{po_path.with_suffix('.mo')} is older than its .po ({message.id!r}): run msgfmt -o django.mo django.po")


def test_every_part_with_pages_has_translations() -> None:
    with_templates = sorted(p.parent.name for p in PACKAGE.glob("*/templates"))
    assert set(with_templates) <= set(PARTS_WITH_TEXT), set(with_templates) - set(PARTS_WITH_TEXT)


def _bench_parts() -> list[str]:
    return sorted(p.stem for p in (ROOT / "bench").glob("*.py")
                  if re.search(r"^def main\(", p.read_text(encoding="utf-8"), re.M)
                  and p.stem not in ("__main__", "report"))


@pytest.mark.parametrize("part", _bench_parts())
def test_every_benchmark_runs_with_make_bench_and_is_documented(part: str) -> None:
    from bench.__main__ import PARTS

    assert part in PARTS, f"bench/{part}.py is not in bench/__main__.py PARTS, so `make bench` skips it"
    documented = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    ways = (f"make bench-{part}", f"python -m bench {part}", f"python bench/{part}.py")
    assert any(way in documented for way in ways), f"no docs page says how to run bench/{part}.py"
