"""Similarity of two name tokens, with the reason for it.

Order of evidence, strongest first: the same key (the spellings are transliteration
variants of each other); the same stem (one side has a surname ending or a final
vowel the other lacks: Қалижан / Калижанов, Gulnar / Gulnara); then edit distance
on the keys, which absorbs typos and the vowel changes that keys do not fold
(Тұрсынов / Турсунов).  Edit similarity is mapped through a steep curve because two
different Kazakh names often differ by only a couple of letters (Нурлан / Ерлан).
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from adaldyq.names.morphology_tables import PATRONYMIC_LINK
from adaldyq.names.parse import NameToken
from adaldyq.names.transliterate import loose_key

# Edit similarity below FLOOR counts as no similarity; at 1.0 it is a full match.
# Between them the mapping is linear.  Set on the training half of the dev pairs.
FUZZY_FLOOR = 0.72
# The similarity given to a shared stem and to a shared consonant skeleton.
STEM_MATCH = 0.9
LOOSE_MATCH = 0.88
# One inserted, dropped, changed or swapped letter in a word of at least
# ONE_EDIT_MIN_LENGTH letters: a typo more often than another name.
ONE_EDIT_MATCH = 0.85
ONE_EDIT_MIN_LENGTH = 4
# Any other single edit: enough for the review band, not for a match, except in
# surnames (see person.py), where lists' typos are the common case.
OTHER_EDIT_MATCH = 0.78
OTHER_EDIT_REASON = "one letter differs (could be another name)"
# Consonants a typist or a listener swaps for each other (voiced/voiceless twins,
# l/r, m/n); the key symbols x (Ш) and c (Ч) are near each other and to s/j.
NEAR_CONSONANTS = frozenset(
    frozenset(p)
    for p in ("td", "pb", "kg", "sz", "fv", "lr", "mn", "xs", "cx", "cj", "xj", "zj", "kh")
)
# An initial that agrees with a full name: compatible, but weak evidence.
INITIAL_MATCH = 1.0


def initial_compatible(initial: NameToken, other: NameToken) -> bool:
    """An initial agrees with a word when it is the word's first letter.

    Both the key and the plain Latin spelling are tried, so "S." agrees with Шарип
    (sharip) and "Zh." with Жанибек (key j...).
    """
    if other.initial:
        return initial.key == other.key or initial.latin[:1] == other.latin[:1]
    return other.key.startswith(initial.key) or other.latin.startswith(initial.latin[:1])


def edit_similarity(a: str, b: str) -> float:
    """Blend of edit similarity (transpositions cost one) and Jaro-Winkler, in [0, 1]."""
    return (OSA.normalized_similarity(a, b) + JaroWinkler.similarity(a, b)) / 2.0


def fuzzy_to_score(similarity: float) -> float:
    if similarity <= FUZZY_FLOOR:
        return 0.0
    return min(1.0, (similarity - FUZZY_FLOOR) / (1.0 - FUZZY_FLOOR))


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _only_vowels_dropped(a: str, b: str, skel_a: str, skel_b: str) -> bool:
    """Тілеухан / Тлеухан, Пішембаев / Пшембаев: one spelling drops vowels."""
    if skel_a != skel_b or len(skel_a) < 3 or len(a) == len(b):
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return _is_subsequence(short, long)


def _link_only(a: str, b: str) -> bool:
    """Stems that differ only by the Russian patronymic link -ин- (Кабдоллинович)."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 3 and long == short + PATRONYMIC_LINK


def one_edit_kind(a: str, b: str) -> str | None:
    """How two keys one edit apart differ: "typo", "other", or None if not one edit.

    Compared on keys, never at the first letter (Нурлан / Ерлан, Серик / Берик are
    different names).  A "typo" is an edit that a slip of the hand or ear makes:
    two neighbouring letters swapped (Donlad), a consonant changed for its voiced
    or near twin (Kotin / Kodin, Nadal / Nadar), a vowel or an h added or dropped
    (Johnson / Jonson).  Any other single edit, such as Нұржан / Нұрлан or
    Бақғали / Бекғали, is as often another name as a typo: "other".
    """
    if min(len(a), len(b)) < ONE_EDIT_MIN_LENGTH or a[0] != b[0]:
        return None
    if OSA.distance(a, b) != 1:
        return None
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2:
            return "typo"  # a swap of neighbours
        pair = frozenset((a[diff[0]], b[diff[0]]))
        return "typo" if pair in NEAR_CONSONANTS else "other"
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return "typo" if long[i] in "aiuh" else "other"


# A word equal to the other only when read in another spelling scheme, or only
# when its hyphenated whole is compared: strong evidence, a little below the same key.
READING_MATCH = 0.95
JOINED_MATCH = 0.9


@lru_cache(maxsize=250_000)
def token_similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] and a short reason (cached: lists repeat words).

    The word as written is compared first; when that falls short of a loose match,
    the foreign-scheme readings of either word (``names.spelling_schemes``) and the
    whole of a hyphenated word are tried, and the best is kept.
    """
    best = _similarity(a, b)
    if best[0] >= LOOSE_MATCH or a.initial or b.initial:
        return best
    for scheme, ra, rb in _reading_pairs(a, b):
        value, reason = _similarity(ra, rb)
        value = min(value, READING_MATCH)
        if value > best[0]:
            best = value, f"{reason} when read as {scheme} spelling"
    if a.joined or b.joined:
        joined = _joined_similarity(a, b)
        if joined > best[0]:
            best = joined, "the hyphenated word written as one"
    return best


def _reading_pairs(a: NameToken, b: NameToken) -> list[tuple[str, NameToken, NameToken]]:
    """Each reading of one word against the other as written (never two readings:
    two foreign schemes at once would make too many words equal)."""
    pairs = [(scheme, ra, b) for scheme, ra in a.readings]
    pairs += [(scheme, a, rb) for scheme, rb in b.readings]
    return pairs


def _joined_similarity(a: NameToken, b: NameToken) -> float:
    """A part of a hyphenated word against the same word written as one."""
    for part, whole in ((a, b), (b, a)):
        if part.joined and not whole.joined and part.joined in (whole.key, whole.stem):
            return JOINED_MATCH
        if part.joined and not whole.joined and loose_key(part.joined) == whole.loose:
            return JOINED_MATCH
    return 0.0


def _similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    """Similarity of two tokens as written."""
    if a.initial or b.initial:
        if a.initial and b.initial:
            return (1.0, "same initial") if a.key == b.key else (0.0, "different initials")
        initial, other = (a, b) if a.initial else (b, a)
        if initial_compatible(initial, other):
            return INITIAL_MATCH, "initial agrees"
        return 0.0, "initial disagrees"
    if a.key == b.key:
        return 1.0, "same key"
    if len(a.stem) >= 3 and a.stem == b.stem:
        return STEM_MATCH, "same stem"
    if a.loose == b.loose and len(a.loose) >= 3:
        return LOOSE_MATCH, "same up to Kazakh/Russian vowel or consonant shifts"
    if _only_vowels_dropped(a.key, b.key, a.skeleton, b.skeleton):
        return LOOSE_MATCH, "same with vowels dropped"
    if a.patronymic and b.patronymic and _link_only(a.loose, b.loose):
        return STEM_MATCH, "same father's name with the Russian -ин- link"
    edit = one_edit_kind(a.key, b.key)
    if edit == "typo":
        return ONE_EDIT_MATCH, "one letter differs, as in a typo"
    if edit is None and one_edit_kind(a.latin, b.latin) == "typo":
        # A slip inside a digraph is two edits on keys (Askhat / Askaht: kh is one
        # key letter) but one on the letters typed.
        return ONE_EDIT_MATCH, "one letter differs as typed, as in a typo"
    if edit == "other":
        return OTHER_EDIT_MATCH, OTHER_EDIT_REASON
    fuzzy = fuzzy_to_score(edit_similarity(a.loose, b.loose))
    if fuzzy > 0.0:
        return fuzzy, "similar spelling"
    return 0.0, "different"
