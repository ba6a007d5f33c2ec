"""Split a person's name as written into tokens, and describe each token.

A name arrives in any order ("МУКАЕВ Қасен-Жомарт Қуанышұлы", "Kassen-Jomart
Mukayev", "Мукаев, К.-Ж. К."), so parsing assigns no roles such as surname or given
name: it only says what each token *is* (a full word or an initial), what its key
is, and what its ending tells (a patronymic and of which sex, a surname ending).
The matcher decides roles when it aligns two names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from adaldyq.names.morphology_tables import (
    MIN_STEM,
    PARTICLES,
    PATRONYMIC_SUFFIXES,
    PATRONYMIC_WORDS,
    SURNAME_SUFFIX_LETTERS,
    SURNAME_SUFFIXES,
)
from adaldyq.names.spelling_schemes import foreign_readings
from adaldyq.names.transliterate import (
    collapse,
    latin_key,
    loose_key,
    skeleton,
    to_latin,
    unfolded_key,
)

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))
# A lower-case letter directly followed by an upper-case one is two words glued
# together ("AlisherTursunov"); the same inside Cyrillic ("МукаевКасен").
_GLUED_RE = re.compile(r"(?<=[a-zа-яёәғқңөұүһі])(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")
_SEPARATORS_RE = re.compile(r"[\s,;:/\\()\[\]{}\"«»“”„<>|+&*_#№!?]+")
_DIGIT_IN_WORD_RE = re.compile(r"(?<=[^\W\d_])\d|\d(?=[^\W\d_])")
_DIGIT_LETTERS = str.maketrans("0134579", "oieastg")
_PLAIN_RE = re.compile(r"\s*[^\W\d_]+(?:\s+[^\W\d_]+)*\s*")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼʹ`][^\W\d_]+)*\.?", re.UNICODE)
# Latin digraphs that stand for one Cyrillic letter and so can be an initial.
_DIGRAPH_INITIALS = frozenset(
    {"zh", "sh", "ch", "kh", "ts", "ye", "yu", "ya", "yo", "gh", "dzh", "shch"}
)
_VOWEL_LETTERS = frozenset("aeiouyаәеёиіоөуұүыэюя")
_PATRONYMIC_SUFFIX_ORDER = sorted(PATRONYMIC_SUFFIXES, key=len, reverse=True)
_SURNAME_SUFFIX_ORDER = sorted(SURNAME_SUFFIXES, key=len, reverse=True)
_KEY_VOWELS = "aiu"
# Spellings of Kazakh -ұлы (ұлы, улы, uly, ulı; ı reads as y): the key folds o into
# u and y into i, so check the letters themselves (Anatoly, al-Mosuli are not).
_KAZAKH_SON_LATIN = ("uly",)


@dataclass(frozen=True, slots=True, kw_only=True)
class NameToken:
    """One word of a name, described in script-independent terms.

    ``key`` is the token's key; for a patronymic it is the key of the father's
    name stem, the same for Қуанышұлы, Куанышевич, Kuanyshuly and Kuanyshevich.
    ``stem`` is the key without a surname ending and without final vowels; it is
    compared as weaker evidence (Қалижан / Калижанов).
    """

    text: str
    latin: str
    key: str
    stem: str
    skeleton: str
    loose: str
    initial: bool
    patronymic: str | None  # "M" / "F" when the token is a patronymic
    surname_sex: str | None  # "M" / "F" when the token has a sexed surname ending
    group: int  # tokens written as one hyphenated word share a group number
    particle: bool = False  # bin, al, van...: little identity
    # The word as other Latin spelling schemes would mean it (``spelling_schemes``):
    # (scheme, token) pairs, compared as alternatives; empty for most words.
    readings: tuple[tuple[str, NameToken], ...] = ()
    # Key of the whole hyphenated word this token is a part of, for comparing with
    # the same word written as one (Нұр-Сұлтан / Нурсултан); "" when not a part.
    joined: str = ""

    def __hash__(self) -> int:
        # Every other field follows from these three; hashing them alone keeps the
        # matcher's similarity cache cheap.
        return hash((self.text, self.initial, self.group))


@dataclass(frozen=True, slots=True)
class RawWord:
    text: str
    initial: bool
    group: int


def normalize(text: str) -> str:
    """Clean a name for display and comparison: NFC, lower case, single spaces.

    Punctuation is removed except hyphens inside words; dots of initials go too.
    """
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    words = [w.rstrip(".").strip("-'’ʼ") for w in _iter_words(text)]
    return " ".join(w for w in (w.lower() for w in words) if w)


def _iter_words(text: str) -> list[str]:
    out: list[str] = []
    for chunk in _SEPARATORS_RE.split(text):
        if chunk:
            out.extend(m.group(0) for m in re.finditer(r"[^\W\d_][\w'’ʼʹ`.\-]*", chunk))
    return out


def _looks_like_initials(word: str, whole: str) -> bool:
    """ "JC", "КЖ": 2-3 capital consonants inside a name that also has lower case."""
    return (
        2 <= len(word) <= 3
        and word.isupper()
        and not any(ch.lower() in _VOWEL_LETTERS for ch in word)
        and any(ch.islower() for ch in whole)
    )


def split_words(text: str) -> list[RawWord]:
    """Split a name into words and initials, keeping hyphenated parts together."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    if not text.isalpha() and _DIGIT_IN_WORD_RE.search(text):
        # Digits typed for look-alike letters inside a word ("Ig0r Sech1n").
        text = _DIGIT_IN_WORD_RE.sub(lambda m: m.group(0).translate(_DIGIT_LETTERS), text)
    if _PLAIN_RE.fullmatch(text) and not _GLUED_RE.search(text):
        # Most names are plain words and spaces: skip the general path (3x faster).
        plain = text.split()
        if not any(len(w) < 4 and _looks_like_initials(w, text) for w in plain):
            return [RawWord(w, len(w) == 1, g) for g, w in enumerate(plain)]
    return _split_words_general(_GLUED_RE.sub(" ", text))


def _split_words_general(text: str) -> list[RawWord]:
    words: list[RawWord] = []
    group = 0
    for chunk in _SEPARATORS_RE.split(text):
        if not chunk:
            continue
        for part in chunk.split("-"):
            for match in _WORD_RE.finditer(part):
                raw = match.group(0)
                dotted = raw.endswith(".")
                # "Н.А." arrives as one match only when glued; split on dots.
                pieces = [p for p in raw.split(".") if p]
                for i, piece in enumerate(pieces):
                    if i:
                        group += 1  # "Н.А.": initials of two different names
                    has_dot = dotted or i < len(pieces) - 1
                    initial = len(piece) == 1 or (has_dot and piece.lower() in _DIGRAPH_INITIALS)
                    if not initial and _looks_like_initials(piece, text):
                        words.extend(RawWord(ch, True, group) for ch in piece)
                        continue
                    words.append(RawWord(piece, initial, group))
        group += 1
    return words


def _patronymic(raw_key: str, latin: str) -> tuple[str, str] | None:
    """(father's stem key, sex) when the unmerged key ends like a patronymic."""
    for suffix in _PATRONYMIC_SUFFIX_ORDER:
        if raw_key.endswith(suffix):
            if suffix == "uli" and not latin.endswith(_KAZAKH_SON_LATIN):
                continue  # Anatoly, Vitaly: -oly is a Russian given name, not -ұлы
            stem = collapse(raw_key[: -len(suffix)])
            if len(stem) >= MIN_STEM:
                return _strip_final_vowels(stem), PATRONYMIC_SUFFIXES[suffix]
    return None


def _strip_final_vowels(key: str) -> str:
    stripped = key.rstrip(_KEY_VOWELS)
    return stripped if len(stripped) >= 2 else key


def _surname_stem(key: str, latin: str) -> tuple[str, str | None]:
    for suffix in _SURNAME_SUFFIX_ORDER:
        if key.endswith(suffix) and len(key) - len(suffix) >= MIN_STEM:
            spellings = SURNAME_SUFFIX_LETTERS.get(suffix)
            if spellings and not latin.endswith(spellings):
                continue
            return _strip_final_vowels(key[: -len(suffix)]), SURNAME_SUFFIXES[suffix]
    return _strip_final_vowels(key), None


_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")


@lru_cache(maxsize=200_000)
def describe_token(
    text: str, initial: bool, group: int = 0, particle_allowed: bool = True
) -> NameToken:
    """Build the NameToken of one word; cached since names repeat words."""
    token = _describe(text, to_latin(text), initial, group, particle_allowed=particle_allowed)
    if initial or token.particle or _CYRILLIC_RE.search(text):
        return token
    readings = tuple(
        (scheme, _describe(text, latin, False, group, particle_allowed=particle_allowed))
        for scheme, latin in foreign_readings(token.latin)
    )
    return replace(token, readings=readings) if readings else token


def _describe(
    text: str, latin: str, initial: bool, group: int, *, particle_allowed: bool
) -> NameToken:
    raw_key = unfolded_key(latin)
    key = collapse(raw_key)
    if initial:
        letter = key[:1]
        return NameToken(text=text, latin=latin, key=letter, stem=letter, skeleton=letter, loose=letter, initial=True,
                         patronymic=None, surname_sex=None, group=group)
    patronymic = _patronymic(raw_key, latin)
    if patronymic is not None:
        stem, sex = patronymic
        return NameToken(text=text, latin=latin, key=stem, stem=stem, skeleton=skeleton(stem), loose=loose_key(stem),
                         initial=False, patronymic=sex, surname_sex=None, group=group)
    if particle_allowed and key in PARTICLES:
        return NameToken(text=text, latin=latin, key=key, stem=key, skeleton=key, loose=key, initial=False,
                         patronymic=None, surname_sex=None, group=group, particle=True)
    stem, surname_sex = _surname_stem(key, latin)
    return NameToken(text=text, latin=latin, key=key, stem=stem, skeleton=skeleton(key), loose=loose_key(key),
                     initial=False, patronymic=None, surname_sex=surname_sex, group=group)


def parse_name(text: str) -> tuple[NameToken, ...]:
    """Tokens of a person's name, in written order."""
    tokens: list[NameToken] = []
    for word in split_words(text):
        if not word.initial and tokens and not tokens[-1].initial:
            # "Қуаныш ұлы": a patronymic word written apart joins the father's name.
            sex = PATRONYMIC_WORDS.get(latin_key(to_latin(word.text)))
            if sex is not None:
                prev = tokens.pop()
                stem = _strip_final_vowels(prev.key)
                tokens.append(
                    NameToken(
                        text=f"{prev.text} {word.text}", latin=prev.latin + to_latin(word.text), key=stem, stem=stem,
                        skeleton=skeleton(stem), loose=loose_key(stem), initial=False, patronymic=sex,
                        surname_sex=None, group=prev.group,
                    )
                )
                continue
        token = describe_token(word.text, word.initial, word.group)
        if token.key:
            tokens.append(token)
    if tokens and all(t.particle or t.initial for t in tokens):
        # A name made only of particle-like words ("Ben", "Da") is a name.
        tokens = [
            describe_token(t.text, t.initial, t.group, particle_allowed=False) for t in tokens
        ]
    return _mark_hyphenated(tokens)


def _mark_hyphenated(tokens: list[NameToken]) -> tuple[NameToken, ...]:
    """Give each full-word part of a hyphenated word the key of the whole word.

    Hyphenated given names and double surnames are also written as one word
    (Нұр-Сұлтан / Нурсултан, Касен-Жомарт / Касенжомарт).
    """
    if len({t.group for t in tokens}) == len(tokens):
        return tuple(tokens)  # no hyphenated word: the common case
    groups: dict[int, list[NameToken]] = {}
    for t in tokens:
        if not t.initial:
            groups.setdefault(t.group, []).append(t)
    joined = {g: latin_key("".join(t.latin for t in parts))
              for g, parts in groups.items() if len(parts) > 1}
    if not joined:
        return tuple(tokens)
    return tuple(replace(t, joined=joined[t.group]) if t.group in joined and not t.initial else t
                 for t in tokens)
