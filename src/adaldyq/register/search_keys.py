"""How the public register search reads names and queries. Pure: no Django.

Stored side (`person_search_keys`): every word of every spelling of a person's name
gives its script-independent key (`adaldyq.names`, so Әбілов, Абилов and Abilov share
one), tagged with the word's role: surname, given name or patronymic. The role is
what lets an initial be compared with the given name and never with the surname.

Query side (`read_query`): a query is made of words and initials. A word matches a
stored key in one of three ways, best first:

* exactly (the same key);
* as the beginning of it, for words of three letters or more (`Abil` finds Абилов);
* with one typo (one letter added, dropped, changed, or two neighbours swapped), for
  words of five letters or more (`Abilof` finds Абилов).

An initial does not narrow the result: the first initial is compared with the given
name and a second one with the patronymic, and the people they fit come first.

Typo matching uses symmetric deletion (as in SymSpell): every key of four letters or
more is stored with the keys it gives when one letter is deleted; a query word finds
the keys that share one of those variants with it, and `within_one_edit` keeps only
the keys really one edit away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from adaldyq.names import NameToken, latin_key, name_keys, parse_name

SURNAME, GIVEN, PATRONYMIC, OTHER = "s", "g", "p", ""
ROLES = (SURNAME, GIVEN, PATRONYMIC)

MIN_WORD_LETTERS = 2  # a query needs one word this long: an initial alone would list half the register
MIN_PREFIX_LETTERS = 3
MIN_TYPO_LETTERS = 5
# Keys shorter than this have no stored deletion variants: no query word of
# MIN_TYPO_LETTERS letters can be one edit away from them.
MIN_VARIANT_KEY = MIN_TYPO_LETTERS - 1
MAX_WORDS = 6  # more words than a full name has add cost, not precision


@dataclass(frozen=True, slots=True)
class SearchWord:
    """One full word of a query: its key and how loosely it may match."""

    key: str
    letters: int

    @property
    def prefix(self) -> bool:
        return self.letters >= MIN_PREFIX_LETTERS and _plain(self.key)

    @property
    def typo(self) -> bool:
        return self.letters >= MIN_TYPO_LETTERS

    def prefix_range(self) -> tuple[str, str]:
        """[low, high): the keys that begin with this key. Keys are plain a-z, so the
        range is the same in SQLite's byte order and in any PostgreSQL collation."""
        return self.key, self.key[:-1] + chr(ord(self.key[-1]) + 1)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    words: tuple[SearchWord, ...]
    initials: tuple[str, ...]  # first: the given name's initial; second: the patronymic's
    too_short: bool = False  # something was typed, but no word of MIN_WORD_LETTERS letters

    @property
    def empty(self) -> bool:
        return not self.words and not self.too_short


def _plain(key: str) -> bool:
    return key.isascii() and key.isalpha() and key.islower()


@lru_cache(maxsize=4096)
def read_query(text: str) -> SearchQuery:
    """The words and initials of a public search query, in typed order."""
    words: dict[str, SearchWord] = {}
    initials: list[str] = []
    for token in parse_name(text):
        if token.initial:
            initials.append(token.key)
            continue
        letters = sum(ch.isalpha() for ch in token.text)
        if letters >= MIN_WORD_LETTERS and token.key not in words:
            words[token.key] = SearchWord(token.key, letters)
    found = tuple(words.values())[:MAX_WORDS]
    too_short = not found and bool(text.strip())
    return SearchQuery(found, tuple(initials[: len(ROLES) - 1]), too_short)


def person_search_keys(*, surname: str, given_name: str, patronymic: str,
                       spellings: Iterable[str] = ()) -> set[tuple[str, str]]:
    """(key, role) pairs of a person's names.

    The structured fields give the roles. Another spelling (the full name in Kazakh,
    Russian or Latin, surname first) takes a word's role from the structured key it
    shares, or else from its position when it has as many words as the structured
    name; a word that fits neither is kept with no role (it still matches words).
    """
    parts = [(role, text) for role, text in ((SURNAME, surname), (GIVEN, given_name), (PATRONYMIC, patronymic))
             if text.strip()]
    pairs = {(key, role) for role, text in parts for key in name_keys(text) if key}
    known: dict[str, set[str]] = {}
    for key, role in pairs:
        known.setdefault(key, set()).add(role)
    for spelling in dict.fromkeys(s for s in spellings if s.strip()):
        groups = _word_groups(spelling)
        positional = len(groups) == len(parts)
        for n, keys in enumerate(groups):
            roles = {role for k in keys for role in known.get(k, ())}
            if not roles:
                roles = {parts[n][0] if positional else OTHER}
            pairs.update((key, role) for key in keys for role in roles)
    return pairs


def _word_groups(spelling: str) -> list[list[str]]:
    """Keys of each written word (a hyphenated word is one group: its parts and joined form)."""
    groups: dict[int, list[NameToken]] = {}
    for token in parse_name(spelling):
        if not token.initial and token.key:
            groups.setdefault(token.group, []).append(token)
    found = []
    for tokens in groups.values():
        keys = [t.key for t in tokens]
        if len(tokens) > 1:
            keys.append(latin_key("".join(t.latin for t in tokens)))
        found.append(list(dict.fromkeys(keys)))
    return found


def deletion_variants(key: str) -> set[str]:
    """The key and every key one deleted letter away; empty for keys too short to need them."""
    if len(key) < MIN_VARIANT_KEY:
        return set()
    return {key} | {key[:i] + key[i + 1:] for i in range(len(key))}


def within_one_edit(a: str, b: str) -> bool:
    """True when b is a with at most one letter added, dropped, changed, or two
    neighbouring letters swapped (optimal string alignment distance <= 1)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        rest_a, rest_b = a[start + 1:], b[start + 1:]
        if rest_a == rest_b:
            return True  # one letter changed
        return a[start + 2:] == b[start + 2:] and a[start:start + 2] == b[start:start + 2][::-1]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1:] == shorter[start:]
