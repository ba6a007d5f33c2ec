"""The three languages of content, and how files and callers give a text in them.

No Django here, so pure modules (feed readers, rules) can use it. A content field
``name`` is given as `Texts`, a mapping ``{"kk": ..., "ru": ..., "en": ...}`` where a
missing key is a missing translation, and stored as the columns ``name_kk``,
``name_ru`` and ``name_en``. Reading for display is `core.multilingual.localized`.

Files that give one column (``name``) keep working: the text goes to the language
its letters show (`guess_language`: Kazakh letters, else Cyrillic = Russian, else
English). Files may instead give ``name_kk``, ``name_ru`` and ``name_en``
(`from_row`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

LANGS = ("kk", "ru", "en")
_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")

Texts = dict[str, str]  # {"kk": ..., "ru": ..., "en": ...}; a missing key is a missing translation


def guess_language(text: str) -> str:
    """The language of a text written in one column: Kazakh letters, else Cyrillic, else Latin."""
    if _KAZAKH_LETTERS.search(text):
        return "kk"
    if _CYRILLIC.search(text):
        return "ru"
    return "en"


def texts(value: str | Mapping[str, str] | None) -> Texts:
    """What a caller gave for a content field: a mapping of languages, or one text whose
    language is guessed (`guess_language`), as tests and older callers pass it."""
    if not value:
        return {}
    if isinstance(value, str):
        return {guess_language(value): value.strip()} if value.strip() else {}
    return {code: str(value[code]).strip() for code in LANGS if value.get(code) and str(value[code]).strip()}


def columns(field: str) -> list[str]:
    return [f"{field}_{code}" for code in LANGS]


def as_columns(field: str, given: Mapping[str, str]) -> dict[str, str]:
    """``{"name_kk": ..., "name_ru": ..., "name_en": ...}`` with "" for missing languages."""
    return {f"{field}_{code}": given.get(code, "") for code in LANGS}


def from_row(row: Mapping[str, Any], field: str) -> Texts:
    """The texts a file row gives for `field`: ``field_kk``/``_ru``/``_en`` columns, and the
    single ``field`` column of older files, placed by `guess_language` unless that
    language has its own column too."""
    found: Texts = {}
    for code in LANGS:
        value = row.get(f"{field}_{code}")
        if value is not None and str(value).strip():
            found[code] = str(value).strip()
    single = row.get(field)
    if single is not None and str(single).strip():
        found.setdefault(guess_language(str(single)), str(single).strip())
    return found


def fingerprint_value(given: Mapping[str, str]) -> Any:
    """What a record's fingerprint hashes: the plain text when a file gave one column (as
    fingerprints were made before content had three languages), else the languages."""
    if not given:
        return ""
    if len(given) == 1:
        ((code, text),) = given.items()
        if guess_language(text) == code:
            return text
    return {code: given[code] for code in LANGS if code in given}
