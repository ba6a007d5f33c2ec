"""The name score's adjustments, declared in the order they apply.

``person.score_names`` aligns the words of two names and takes a base score (the
weighted mean of the aligned similarities times the weakest-word factor).  Every
rule that then changes the score is one small function here: it reads the
``Comparison`` and the score so far and returns the ``Effect``s it has (none
when it does not apply).  An effect multiplies the score, caps it, sets it, or
only notes something for the reader; its ``Feature`` is what the explanation
shows, so the score and its explanation cannot drift apart.

To add a rule: write a function ``(Comparison, score) -> tuple[Effect, ...]``,
say in its docstring which pattern of names it serves, and put it in
``NAME_ADJUSTMENTS`` at the place where it must act (order matters for caps).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adaldyq.screening.matching.explanation import Feature
from adaldyq.screening.matching.params import PersonParams
from adaldyq.screening.matching.roles import GIVEN, PATRONYMIC, SURNAME, PersonName

FACTOR = "factor"
CAP = "cap"
SET = "set"
NOTE = "note"


@dataclass(slots=True, kw_only=True)  # not frozen: frozen init is slow on the bulk path
class Effect:
    """What one adjustment does to the score, and the feature that explains it."""

    op: str  # FACTOR, CAP, SET or NOTE
    amount: float
    feature: str
    value: float | None
    detail: str

    def apply(self, score: float) -> float:
        if self.op == FACTOR:
            return score * self.amount
        if self.op == CAP:
            return min(score, self.amount)
        if self.op == SET:
            return self.amount
        return score

    def as_feature(self) -> Feature:
        effect = {
            FACTOR: f"x{self.amount:.2f}",
            CAP: f"capped at {self.amount:.2f}",
            SET: f"score {self.amount:g}",
        }.get(self.op, "neutral")
        return Feature(self.feature, self.value, effect, self.detail)


def note(feature: str, detail: str, value: float | None = None) -> Effect:
    return Effect(op=NOTE, amount=1.0, feature=feature, value=value, detail=detail)


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignedPair:
    """Word ``i`` of name a aligned with word ``j`` of name b."""

    i: int
    j: int
    similarity: float
    reason: str
    role: str


@dataclass(slots=True, kw_only=True)  # not frozen: built once per scored pair, and frozen init is slow
class Comparison:
    """Two aligned names, and what the rules read of the alignment."""

    a: PersonName
    b: PersonName
    pairs: list[AlignedPair]
    aligned_a: set[int]
    aligned_b: set[int]
    disagreeing: set[tuple[int, int]]  # (side, index) of initials that disagree
    initial_pairs: int  # aligned pairs resting on an initial
    full_pairs: int  # aligned pairs of full words (particles aside)
    params: PersonParams


def extra_names(c: Comparison, score: float) -> tuple[Effect, ...]:
    """A surname or given name on one side only (Ахметов Нұрлан / Ахметов Нұрлан Серік):
    each costs a little; a patronymic or particle on one side only costs nothing."""
    effects = []
    for side, (name, aligned) in enumerate(((c.a, c.aligned_a), (c.b, c.aligned_b))):
        for k, role in enumerate(name.roles):
            if k in aligned or (side, k) in c.disagreeing:
                continue
            if role in (SURNAME, GIVEN):
                detail = f"{name.tokens[k].text} only in {name.text!r}"
                effects.append(Effect(op=FACTOR, amount=c.params.extra_name_factor, feature="extra_name", value=None,
                                      detail=detail))
            else:
                effects.append(note(role, f"{name.tokens[k].text} only on one side"))
    return tuple(effects)


def patronymics_apart(c: Comparison, score: float) -> tuple[Effect, ...]:
    """Both names give a father's name and they were not matched to each other: the
    words line up only by crossing roles (Асхатов Тұржан Актаевич / Тұржанов Олжас Асхатұлы)."""
    if PATRONYMIC not in c.a.roles or PATRONYMIC not in c.b.roles:
        return ()
    if any(c.a.roles[p.i] == PATRONYMIC and c.b.roles[p.j] == PATRONYMIC for p in c.pairs):
        return ()
    detail = "both names have a patronymic, and they do not correspond"
    return (Effect(op=FACTOR, amount=c.params.patronymics_apart_factor, feature=PATRONYMIC, value=0.0, detail=detail),)


def initials_only(c: Comparison, score: float) -> tuple[Effect, ...]:
    """A name made of initials only (А. Б.) is never more than a possible match."""
    if min(c.a.full_count, c.b.full_count) == 0 and score > c.params.single_word_cap:
        detail = "a name made of initials only"
        return (Effect(op=CAP, amount=c.params.single_word_cap, feature="coverage", value=None, detail=detail),)
    return ()


def no_full_word(c: Comparison, score: float) -> tuple[Effect, ...]:
    """Both names have full words and none of them agree: initials alone are not a
    match (Хикметов А. Қ. / Әлібек Кекілбайұлы)."""
    if not c.full_pairs and min(c.a.full_count, c.b.full_count) > 0:
        return (Effect(op=SET, amount=0.0, feature="coverage", value=0.0, detail="no full word in common"),)
    return ()


def single_word(c: Comparison, score: float) -> tuple[Effect, ...]:
    """Only one full word shared while a side has two or more (Ахметов / Ахметов Нұрлан):
    a surname alone is shared by thousands; at most a possible match."""
    if c.full_pairs != 1 or c.initial_pairs or max(c.a.full_count, c.b.full_count) < 2:
        return ()
    if score > c.params.single_word_cap:
        detail = "only one word in common"
        return (Effect(op=CAP, amount=c.params.single_word_cap, feature="coverage", value=None, detail=detail),)
    return ()


def initials(c: Comparison, score: float) -> tuple[Effect, ...]:
    """Part of the match rests on initials (Ахметов Н. С.): weaker evidence than words."""
    if c.initial_pairs and score > 0:
        detail = "part of the match rests on initials"
        return (Effect(op=FACTOR, amount=c.params.initials_factor, feature="initials", value=None, detail=detail),)
    return ()


def word_order(c: Comparison, score: float) -> tuple[Effect, ...]:
    """Words in another order (Нұрлан Ахметов / Ахметов Нұрлан) cost nothing; noted."""
    order_a = [p.i for p in sorted(c.pairs, key=lambda p: p.j)]
    if order_a != sorted(order_a):
        return (note("order", "words in a different order"),)
    return ()


def name_sex(c: Comparison, score: float) -> tuple[Effect, ...]:
    """Name endings say different sexes (Ахметов / Ахметова, -ұлы / -қызы)."""
    if c.a.sex and c.b.sex and c.a.sex != c.b.sex:
        detail = f"name endings say {c.a.sex} / {c.b.sex}"
        return (Effect(op=FACTOR, amount=c.params.sex_conflict_factor, feature="sex", value=0.0, detail=detail),)
    return ()


Adjustment = Callable[[Comparison, float], tuple[Effect, ...]]
NAME_ADJUSTMENTS: tuple[Adjustment, ...] = (
    extra_names,
    patronymics_apart,
    initials_only,
    no_full_word,
    single_word,
    initials,
    word_order,
    name_sex,
)
# Rules that only note something for the reader: run only when explaining.
EXPLAIN_ONLY: frozenset[Adjustment] = frozenset({word_order})
