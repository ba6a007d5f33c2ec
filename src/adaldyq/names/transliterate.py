"""Bring a name token in any script to plain lower-case ASCII Latin, and to its key.

Two outputs are used downstream:

* ``to_latin`` gives a readable spelling close to the passport style ("mukaev",
  "kuanyshuly"); the matcher uses it for edit-distance comparisons and reviewers see it.
* ``latin_key`` folds that spelling to a key in which the transliteration schemes
  agree: consonant spellings are unified (zh/j/dzh -> j, kh -> h, q -> k, sh -> x,
  ch -> c), vowels fall into three classes and repeated symbols collapse, so
  Мұқаев, Мукаев, MUKAYEV, Mukayev and Mūqaev all give "mukaiv".

Both are pure functions of the token and are cached, because real name lists
repeat the same tokens (given names, patronymic stems) thousands of times.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from adaldyq.names.transliteration_tables import (
    CYRILLIC_LOOKALIKE_TO_LATIN,
    CYRILLIC_TO_LATIN,
    KEY_REWRITES,
    LATIN_LETTERS,
    LATIN_LOOKALIKE_TO_CYRILLIC,
    SILENT_MARKS,
    VOWEL_CLASSES,
)

_CYRILLIC_TABLE = str.maketrans(CYRILLIC_TO_LATIN)
_LATIN_TABLE = str.maketrans(LATIN_LETTERS)
_SILENT_TABLE = str.maketrans("", "", SILENT_MARKS)
_TO_CYRILLIC = str.maketrans(LATIN_LOOKALIKE_TO_CYRILLIC)
_TO_LATIN = str.maketrans(CYRILLIC_LOOKALIKE_TO_LATIN)
_VOWEL_TABLE = str.maketrans(VOWEL_CLASSES)

_REWRITE_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(KEY_REWRITES, key=len, reverse=True))
)
# x is Х in older Kazakh Latin (Turlıxanov) before a back vowel, ks elsewhere
# (Alexey); w is В at the start, before a vowel or at the end of a word
# (Wladimir, Wolodymyr, -ow),
# otherwise the vowel У of older Kazakh Latin (Däwlet, Nığmatwlïn).
_X_RE = re.compile(r"x(?=[aou])")
_W_CONSONANT_RE = re.compile(r"^w|w(?=[aeiouy]|$)")
# A c that does not start ch/sch/tch (or Polish cz) is Ц before e/i/y in GOST-style
# spellings (Kazancev), otherwise K (Cruz, Jacques).
_C_BARE_RE = re.compile(r"c(?![hz])(?P<soft>(?=[eiy]))?")
# Dutch "oe" is У (Noergisaev) when a consonant follows.
_OE_RE = re.compile(r"oe(?=[^aeiouy]|$)")
# French "ou" is У (Ouzakbaï).
_OU_RE = re.compile(r"ou")
# "yo" after a consonant is Ё (Solovyova), which Russian texts write as Е.
_YO_RE = re.compile(r"(?<=[bcdfghjklmnprstvz])yo")
_REPEAT_RE = re.compile(r"(.)\1+")
_NON_KEY_RE = re.compile(r"[^a-z]")

_VOWELS = frozenset("aiu")
_LOOSE_TABLE = str.maketrans({"u": "i", "h": "k", "g": "k", "x": "c"})


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("\u00c0" <= ch <= "\u024f")


def fix_mixed_script(token: str) -> str:
    """Swap look-alike letters into the script most of the token is written in."""
    cyr = lat = 0
    for ch in token:
        if _is_cyrillic(ch):
            cyr += 1
        elif _is_latin(ch):
            lat += 1
    if cyr and lat:
        return token.translate(_TO_CYRILLIC if cyr >= lat else _TO_LATIN)
    return token


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _other_script_to_latin(text: str) -> str:
    """Romanize scripts we have no table for (Arabic, Georgian, Chinese...)."""
    try:
        from normality import ascii_text
    except ImportError:  # pragma: no cover - normality comes with followthemoney
        return _strip_marks(text)
    return (ascii_text(text) or "").lower()


@lru_cache(maxsize=200_000)
def to_latin(token: str) -> str:
    """Plain lower-case ASCII Latin spelling of one name token."""
    text = fix_mixed_script(token.lower()).translate(_SILENT_TABLE)
    text = text.translate(_CYRILLIC_TABLE).translate(_LATIN_TABLE)
    if not text.isascii():
        text = _strip_marks(text)
        if not text.isascii():
            text = _other_script_to_latin(text)
    return _NON_KEY_RE.sub("", text)


def _bare_c(match: re.Match[str]) -> str:
    return "ts" if match.group("soft") is not None else "k"


def _rewrite(match: re.Match[str]) -> str:
    return KEY_REWRITES[match.group(0)]


@lru_cache(maxsize=200_000)
def latin_key(latin: str) -> str:
    """Fold a plain Latin spelling to the scheme-independent key."""
    return collapse(unfolded_key(latin))


def collapse(key: str) -> str:
    """Merge runs of one symbol (Кесебаева / KESSEBAYEVA, Yergaliyev: "iie" -> "i")."""
    return _REPEAT_RE.sub(r"\1", key)


@lru_cache(maxsize=200_000)
def unfolded_key(latin: str) -> str:
    """The key before runs are merged.

    Endings are found on this form, so that a stem ending in the suffix's first
    letter is not eaten by the merge (Истайбек + қызы: "...bikkizi").
    """
    text = _YO_RE.sub("e", latin)
    text = _OU_RE.sub("u", text)
    text = _OE_RE.sub("u", text)
    text = _X_RE.sub("h", text)
    text = text.replace("x", "ks")
    text = _W_CONSONANT_RE.sub("v", text).replace("w", "u")
    text = _C_BARE_RE.sub(_bare_c, text)
    text = _REWRITE_RE.sub(_rewrite, text)
    return text.translate(_VOWEL_TABLE)


def token_key(token: str) -> str:
    """Key of one name token in any script."""
    return latin_key(to_latin(token))


def loose_key(key: str) -> str:
    """A looser form of a key for comparing, never for indexing.

    Folds what Kazakh <-> Russian spellings of one name still change after the key:
    U- and I-class vowels (Тұрсынов / Турсунов, Жақыпов / Джакупов, Үсенгелді /
    Есенгельды), Қ written as Х or Г (Уақап / Уахап, Есенкелді / Есенгельды), Ш
    written as Ч in older Russian texts (Шоқан / Чокан, Шыңғыс / Чингис), and
    Н before Б said as М (Дүйсенбинов / Дюсембинов), initial Уә written Ва in
    Russian (Уәлихан / Валихан).  J as Й (German and Dutch Äjimbetow, Kekilbajuly)
    is a reading of the Latin word (``spelling_schemes``), not folded here: in a key
    j is Ж, also between vowels (Мухамеджан).
    """
    key = key.replace("nb", "mb")
    if key.startswith("ua"):
        key = "v" + key[1:]
    return collapse(key.translate(_LOOSE_TABLE))


def skeleton(key: str) -> str:
    """The consonants of a key, with "a" marking a vowel-initial word.

    Looser than the key: Тұрсынов / Турсунов and Ержан / Yerzhan share it.  Used
    for candidate retrieval, never as evidence on its own.
    """
    if not key:
        return key
    head = "a" if key[0] in _VOWELS else ""
    return head + "".join(ch for ch in key if ch not in _VOWELS)
