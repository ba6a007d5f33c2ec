"""Candidate retrieval (blocking): which list entries are worth scoring for a query.

Each full word is reduced to its *block word*: the consonant skeleton of its loose
stem, so Тұрсынов / Турсунов, Жақыпов / Джакупов and Калижанов / Қалижан agree.
Two full names are candidates when two of their words agree in block words, one of
them possibly within one consonant inserted, dropped or changed, or two swapped
(keys of each pair of words are also made with each one-consonant deletion, as in
SymSpell, and with the deletion's position, so that two different deletions, which
would let any two short words meet, do not).  Requiring two words keeps common given names
and common surnames from flooding the candidates.  A name with initials is a
candidate when one full word agrees and the initial agrees with the first sound of
another word.  A one-word query looks up that word alone.

Recall is measured, not assumed: ``bench/screening.py`` reports the share of
labelled same-person pairs whose second name is among the first's candidates.
"""

from __future__ import annotations

from functools import lru_cache

from adaldyq.names.parse import NameToken
from adaldyq.names.transliterate import loose_key, skeleton
from adaldyq.screening.matching.roles import PersonName


@lru_cache(maxsize=200_000)
def _stem_skeleton(stem: str) -> str:
    return skeleton(loose_key(stem))


def block_word(token: NameToken) -> str:
    """Consonant skeleton of a word's loose stem ("a" marks a vowel start).

    The stem drops surname endings, so Калижанов / Қалижан and Султанбаев /
    Сұлтанбай share it.
    """
    return _stem_skeleton(token.stem)


def block_words(token: NameToken) -> tuple[str, ...]:
    """The block word, then those of the word's other readings: as a foreign
    spelling scheme would mean it (Schanat as Жанат) and, for a part of a
    hyphenated word, the whole word written as one (Нұр-Сұлтан as Нурсултан).
    Alternatives are indexed and looked up exactly, without typo variants."""
    if not (token.readings or token.joined):
        return (block_word(token),)
    words = [block_word(token)]
    words.extend(block_word(reading) for _, reading in token.readings)
    if token.joined:
        words.append(_stem_skeleton(token.joined))
    return tuple(dict.fromkeys(words))


def _alternate_pairs(t1: NameToken, t2: NameToken) -> set[str]:
    """Exact pair keys of every two block words of two words, when either has others."""
    if not (t1.readings or t1.joined or t2.readings or t2.joined):
        return set()
    return {_exact(x, y) for x in block_words(t1) for y in block_words(t2)}


# Skeletons shorter than this get no typo variants.
MIN_DELETION_LENGTH = 2
# Skeletons of this many consonants or more find a changed consonant through
# position-free deletion keys; shorter ones through positional keys.
LONG_SKELETON = 4
_SOUND_TABLE = str.maketrans({"u": "i", "h": "k", "g": "k"})


def first_sound(token: NameToken) -> str:
    """First symbol of the key, folded like loose keys: Е/Ye/I/У, Қ/Х/Г, Ж/J/Zh/Dzh."""
    return token.key[:1].translate(_SOUND_TABLE)


def _deletions(block: str) -> list[tuple[int, str]]:
    """(position, skeleton without that consonant); none for very short skeletons."""
    if len(block) < MIN_DELETION_LENGTH:
        return []
    return [(i, block[:i] + block[i + 1 :]) for i in range(len(block))]


def _exact(a: str, b: str) -> str:
    return f"X:{a}/{b}" if a <= b else f"X:{b}/{a}"


def _pair_index_keys(a: str, b: str) -> set[str]:
    """Index keys of two full words of one entry.

    ``X`` holds the exact pair; ``D`` the pair with one consonant dropped from one
    word (the shortened word first).  A consonant changed in a long word meets its
    ``D`` key; in a short word (fewer than ``LONG_SKELETON`` consonants) it must meet
    ``S``, which also records the position, because two different deletions would
    let almost any two short words meet (Мұрат / Самат).
    """
    keys = {_exact(a, b)}
    for word, other in ((a, b), (b, a)):
        positional = len(word) < LONG_SKELETON
        for i, shorter in _deletions(word):
            keys.add(f"D:{shorter}/{other}")
            if positional:
                keys.add(f"S{i}:{shorter}/{other}")
    return keys


def _pair_lookup_keys(a: str, b: str) -> set[str]:
    """Lookup keys of two full words of a query: both agree, or one is one consonant off.

    The entry has an extra consonant: our word is one of its ``D`` keys.  We have an
    extra one: one of our deletions is its ``X`` key.  A consonant differs: our
    deletion at that position is its ``S`` key (short words) or one of its ``D``
    keys (long words).  Two neighbours swapped: our word with them swapped is its
    ``X`` key.
    """
    keys = {_exact(a, b), f"D:{a}/{b}", f"D:{b}/{a}"}
    for word, other in ((a, b), (b, a)):
        positional = len(word) < LONG_SKELETON
        for i, shorter in _deletions(word):
            keys.add(_exact(shorter, other))
            keys.add(f"S{i}:{shorter}/{other}" if positional else f"D:{shorter}/{other}")
        if MIN_DELETION_LENGTH <= len(word) < LONG_SKELETON:
            # Long words meet a swap through their D keys already.
            for i in range(len(word) - 1):
                keys.add(_exact(word[:i] + word[i + 1] + word[i] + word[i + 2 :], other))
    return keys


def _words(name: PersonName) -> list[NameToken]:
    return [t for t in name.tokens if not t.particle and t.key]


def index_keys(name: PersonName) -> set[str]:
    """Keys under which a list entry is indexed.

    * ``b1`` alone, for one-word queries;
    * pair keys of every two full words (``_pair_index_keys``), for queries that
      give both in full;
    * ``b1>s2`` for every full word and the first sound of every other word, for
      queries that give the other word as an initial;
    * ``b1#s2`` for every full word and every initial of the entry, for full queries.
    """
    words = _words(name)
    full = [t for t in words if not t.initial]
    keys: set[str] = set()
    for n, t1 in enumerate(full):
        b1 = block_word(t1)
        alternatives = block_words(t1)[1:]
        keys.add(b1)
        keys.update(alternatives)
        for t2 in full[n + 1 :]:
            keys |= _pair_index_keys(b1, block_word(t2))
            if alternatives or t2.readings or t2.joined:
                keys |= _alternate_pairs(t1, t2)
        for t2 in words:
            if t2 is not t1:
                keys.add(f"{b1}>{first_sound(t2)}")
                keys.update(f"{b}>{first_sound(t2)}" for b in alternatives)
                if t2.initial:
                    keys.add(f"{b1}#{first_sound(t2)}")
    return keys


def lookup_groups(name: PersonName, with_initial_entries: bool = True) -> list[set[str]]:
    """Keys looked up for a query, one group per pair of its words.

    See ``index_keys`` for what each form finds.  Entries are counted per group, so
    that ``required_pairs`` can ask two full names to agree on two pairs of words.
    ``with_initial_entries=False`` leaves out the keys that only find entries
    written with initials, for an index that has none.
    """
    words = _words(name)
    full = [t for t in words if not t.initial]
    if len(words) == 1 and full:
        return [set(block_words(full[0]))]
    groups: list[set[str]] = []
    for n, t1 in enumerate(full):
        b1 = block_word(t1)
        for t2 in full[n + 1 :]:
            group = _pair_lookup_keys(b1, block_word(t2))
            if t1.readings or t1.joined or t2.readings or t2.joined:
                group |= _alternate_pairs(t1, t2)
            groups.append(group)
        for t2 in words:
            if t2 is t1:
                continue
            if t2.initial:
                groups.append({f"{b}>{first_sound(t2)}" for b in block_words(t1)})
            elif with_initial_entries:
                groups.append({f"{b1}#{first_sound(t2)}"})
    return groups


def lookup_keys(name: PersonName) -> set[str]:
    """All keys looked up for a query."""
    keys: set[str] = set()
    for group in lookup_groups(name):
        keys |= group
    return keys


def full_word_count(name: PersonName) -> int:
    return sum(1 for t in name.tokens if not t.initial and not t.particle and t.key)


def required_pairs(query_words: int, entry_words: int) -> int:
    """Pairs of words two names must agree on to be scored.

    Two names of three or more full words each must agree on two pairs, so that a
    namesake who shares only a surname and a given name (or a given name and a
    patronymic) is not scored: the third word would sink the score anyway.
    """
    return 2 if min(query_words, entry_words) >= 3 else 1


def are_candidates(a: PersonName, b: PersonName) -> bool:
    """Would blocking put entry ``b`` among the candidates of query ``a``?"""
    keys = index_keys(b)
    agreeing = sum(1 for group in lookup_groups(a) if not group.isdisjoint(keys))
    return agreeing >= required_pairs(full_word_count(a), full_word_count(b))
