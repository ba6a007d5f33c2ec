"""Guess the role of each token of a person's name: surname, given name, patronymic.

Roles are only *guessed*: lists write "SURNAME Given Patronymic", "Given Patronymic
Surname", "Surname, Given" or "Surname G. P.".  The guess labels the explanation
and orders initials (in "Surname G. P." the last initial is the patronymic's), and
a token's weight follows its role; the alignment itself tries every pairing.
"""

from __future__ import annotations

from dataclasses import dataclass

from adaldyq.names.parse import NameToken, parse_name

SURNAME = "surname"
GIVEN = "given_name"
PATRONYMIC = "patronymic"
INITIAL = "initial"
PARTICLE = "particle"
_WEAK_SURNAME_ENDINGS = ("in", "yn", "ina", "yna")


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonName:
    """A parsed person's name: its tokens, their roles, and the sex it implies."""

    text: str
    tokens: tuple[NameToken, ...]
    roles: tuple[str, ...]
    sex: str | None  # implied by a patronymic or a sexed surname ending
    patronymic_slot: frozenset[int]  # initials that stand for the patronymic
    roles_certain: bool = True  # False when nothing in the name shows the surname
    # What the alignment rules look at (roles, initial groups, initials, particles),
    # so that the rules' verdicts can be cached per pair of shapes.
    shape: tuple[object, ...] = ()

    @property
    def full_count(self) -> int:
        return sum(1 for t in self.tokens if not t.initial and not t.particle)


def _surname_index(text: str, tokens: tuple[NameToken, ...]) -> tuple[int | None, bool]:
    """Position of the surname, and whether the name itself shows it.

    Evidence, in order: a comma after the surname, a surname ending (-ов, -ева...),
    the only word in capitals, the place of the patronymic.  Without any, the first
    word is taken and the guess is marked uncertain.
    """
    full = [
        i for i, t in enumerate(tokens) if not t.initial and t.patronymic is None and not t.particle
    ]
    patronymics = [i for i, t in enumerate(tokens) if t.patronymic is not None]
    if not full:
        return None, True
    if len(full) == 1:
        if patronymics and not any(t.initial for t in tokens):
            # "Әлібек Кекілбайұлы": the patronymic serves as the surname.
            return None, True
        return full[0], True
    if "," in text:
        # "Surname, Given Patronymic" is the library-catalogue form.
        return full[0], True
    suffixed = [i for i in full if tokens[i].surname_sex is not None]
    # -ин/-ина also ends given names (Benjamin, Марина): weaker evidence.
    strong = [i for i in suffixed if not tokens[i].latin.endswith(_WEAK_SURNAME_ENDINGS)]
    if len(strong) == 1:
        return strong[0], True
    upper = [i for i in full if tokens[i].text.isupper() and len(tokens[i].text) > 1]
    if len(upper) == 1 and any(not t.text.isupper() for t in tokens):
        return upper[0], True
    if patronymics:
        p = patronymics[0]
        # "Given Patronymic Surname" when the patronymic follows the first word.
        if p == 1 and full[-1] > p:
            return full[-1], True
        return full[0], True
    # No evidence: Latin-script names are mostly "Given Surname" (press, passports
    # in English texts), Cyrillic lists put the surname first.
    latin = sum(1 for ch in text if "a" <= ch.lower() <= "z")
    if latin * 2 > len(text.replace(" ", "")):
        return full[-1], False
    if suffixed:
        return suffixed[0], False
    return full[0], False


def _patronymic_slot(tokens: tuple[NameToken, ...]) -> frozenset[int]:
    """Indexes of the initials that stand for the patronymic.

    Initials are read in groups ("К.-Ж. К." is two groups: К.-Ж. for a hyphenated
    given name, К. for the patronymic).  With two or more groups the last one is the
    patronymic's, as in "Surname G. P." and "G. P. Surname".
    """
    groups: list[int] = []
    for t in tokens:
        if t.initial and (not groups or groups[-1] != t.group):
            groups.append(t.group)
    if len(groups) < 2:
        return frozenset()
    return frozenset(k for k, t in enumerate(tokens) if t.initial and t.group == groups[-1])


def _name_sex(tokens: tuple[NameToken, ...], surname: int | None) -> str | None:
    for t in tokens:
        if t.patronymic is not None:
            return t.patronymic
    if surname is not None:
        return tokens[surname].surname_sex
    return None


def person_name(text: str) -> PersonName:
    """Parse a person's name and guess token roles."""
    tokens = parse_name(text)
    surname, certain = _surname_index(text, tokens)
    roles = []
    for i, t in enumerate(tokens):
        if t.initial:
            roles.append(INITIAL)
        elif t.particle:
            roles.append(PARTICLE)
        elif t.patronymic is not None:
            roles.append(PATRONYMIC)
        elif i == surname:
            roles.append(SURNAME)
        else:
            roles.append(GIVEN)
    slot = _patronymic_slot(tokens)
    shape = (tuple(roles), slot, tuple((t.initial, t.particle) for t in tokens))
    return PersonName(text=text, tokens=tokens, roles=tuple(roles), sex=_name_sex(tokens, surname),
                      patronymic_slot=slot, roles_certain=certain, shape=shape)
