"""Name normalization and transliteration shared by the register and screening.

Pure Python, no Django.  The public functions:

* ``normalize(text)`` - NFC, lower case, punctuation and whitespace cleaned.
* ``name_keys(text)`` - script-independent keys of a stored full name, one per
  token (plus the joined form of a hyphenated word), so that Мұқаев, Мукаев,
  MUKAYEV, Mukayev and Mūqaev give the same key and Қуанышұлы, Куанышевич, Kuanyshuly,
  Kuanyshevich give the key of the father's name stem.
* ``query_keys(text)`` - the same for a search query, marking initials.

A register entry matches a query when every query key equals one of the entry's
keys, or, for an initial, is the first letter of one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from adaldyq.names.iin import iin_birth_date, iin_sex, validate_bin, validate_iin
from adaldyq.names.parse import NameToken, normalize, parse_name
from adaldyq.names.transliterate import latin_key, to_latin, token_key

__all__ = [
    "NameToken",
    "QueryKey",
    "iin_birth_date",
    "iin_sex",
    "latin_key",
    "name_keys",
    "normalize",
    "parse_name",
    "query_keys",
    "to_latin",
    "token_key",
    "validate_bin",
    "validate_iin",
]


@dataclass(frozen=True, slots=True)
class QueryKey:
    """One token of a search query: a key, or a one-letter initial."""

    key: str
    initial: bool

    def matches(self, entry_keys: list[str] | tuple[str, ...] | set[str]) -> bool:
        """True when this query key is found among an entry's keys."""
        if self.initial:
            return any(k.startswith(self.key) for k in entry_keys)
        return self.key in entry_keys


def name_keys(text: str) -> list[str]:
    """Keys of a full name as stored, one per token, in written order.

    A hyphenated word gives one key per part and then the joined key, so both
    "Касен-Жомарт" and "Касенжомарт" find it.
    """
    tokens = parse_name(text)
    keys: list[str] = []
    for i, token in enumerate(tokens):
        keys.append(token.key)
        last_of_group = i + 1 == len(tokens) or tokens[i + 1].group != token.group
        if last_of_group and i > 0 and tokens[i - 1].group == token.group:
            parts = [t for t in tokens if t.group == token.group and not t.initial]
            if len(parts) > 1:
                keys.append(latin_key("".join(t.latin for t in parts)))
    return keys


def query_keys(text: str) -> list[QueryKey]:
    """Keys of a search query; initials become one-letter keys with initial=True."""
    return [QueryKey(token.key, token.initial) for token in parse_name(text)]
