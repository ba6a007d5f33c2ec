"""Compare a query with a whole entity: one person known by several names.

A list entry or a register person often carries a full Cyrillic name and a
passport-style Latin alias without patronymic (``Касымов Талгат Талгатович`` /
``KASSYMOV Talgat``).  The best-scoring alias alone cannot see that the query's
patronymic differs: ``Kasymov Talgat Bakytovich`` would score 1.00 against the
alias.  So after the best alias is scored, the entity's *other* names are read for
facts that conflict with the query:

* **patronymic**: a patronymic (or a patronymic initial) on any of the entity's
  names that does not agree with the query's caps the score below the match
  threshold: a namesake with another father's name is at most a possible match;
* **sex**: a sex implied by any of the entity's names (patronymic or surname
  ending) that differs from the query's lowers the score as it would on one name.

Birth date and IIN are already properties of the entity (every alias carries
them, see ``engine.ListIndex``).  The one rule that overrides a conflict: an equal
IIN (staff interface only) decides the match, because it names the person.
Pure functions, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

from adaldyq.names.parse import NameToken
from adaldyq.screening.matching.adjustments import CAP, FACTOR, NOTE, Effect
from adaldyq.screening.matching.explanation import MatchResult
from adaldyq.screening.matching.roles import PATRONYMIC, PersonName
from adaldyq.screening.matching.similarity import (
    ONE_EDIT_MATCH,
    OTHER_EDIT_MATCH,
    token_similarity,
)
from adaldyq.screening.matching.thresholds import Thresholds

# Two patronymics agree from this similarity on: the same key, stem or a one-letter
# slip (Мұхтарханқызы / Мухтахановна).  Below it the pair score would already be
# kept under the match threshold by the weakest-word factor ((0.8 / 0.9) ** 3 = 0.7).
PATRONYMIC_AGREES = 0.8
# Highest score of an entity whose names conflict with the query: a possible match.
CONFLICT_CAP = 0.65
SEX_CONFLICT_FACTOR = 0.4
_DECISIVE_IIN = "decisive: same IIN"


def patronymic_words(name: PersonName) -> list[NameToken]:
    """The words of a name that give the father's name: a patronymic or its initial."""
    return [
        t
        for k, (t, role) in enumerate(zip(name.tokens, name.roles, strict=True))
        if role == PATRONYMIC or k in name.patronymic_slot
    ]


def _agreement(a: NameToken, b: NameToken) -> float:
    similarity, _ = token_similarity(a, b)
    if similarity == OTHER_EDIT_MATCH:
        # One letter off in a patronymic is read as a typo, as in the pair score.
        return ONE_EDIT_MATCH
    return similarity


def patronymic_conflict(query: PersonName, names: Sequence[PersonName], cap: float) -> Effect | None:
    """The first of the entity's patronymics that disagrees with the query's: a cap."""
    asked = patronymic_words(query)
    if not asked:
        return None
    for name in names:
        for word in patronymic_words(name):
            best = max(asked, key=lambda q: _agreement(q, word))
            agreement = _agreement(best, word)
            if agreement < PATRONYMIC_AGREES:
                detail = f"{best.text} ~ {word.text} in {name.text!r}: another father's name"
                return Effect(op=CAP, amount=cap, feature="patronymic", value=agreement, detail=detail)
    return None


def sex_conflict(query: PersonName, best: PersonName, names: Sequence[PersonName]) -> Effect | None:
    """A sex implied by another of the entity's names, when the best alias shows none."""
    if not query.sex or (best.sex and best.sex != query.sex):
        return None  # no sex asked, or the best alias's own conflict is in its score
    for name in names:
        if name.sex and name.sex != query.sex:
            detail = f"{query.sex} / {name.sex} in {name.text!r}"
            return Effect(op=FACTOR, amount=SEX_CONFLICT_FACTOR, feature="sex", value=0.0, detail=detail)
    return None


def conflict_cap(thresholds: Thresholds) -> float:
    """The cap of a conflicting entity: in the review band, below any match threshold."""
    return min(CONFLICT_CAP, thresholds.match - 0.01)


def apply_entity(
    result: MatchResult,
    query: PersonName,
    best: PersonName,
    names: Sequence[PersonName],
    *,
    thresholds: Thresholds,
) -> MatchResult:
    """The best alias's result, adjusted by conflicts found on any of the entity's names."""
    if any(f.name == "iin" and f.effect == _DECISIVE_IIN for f in result.features):
        return result
    effects = [
        e
        for e in (sex_conflict(query, best, names), patronymic_conflict(query, names, conflict_cap(thresholds)))
        if e is not None
    ]
    if not effects:
        return result
    score = result.score
    features = list(result.features)
    for effect in effects:
        if effect.op == CAP and score <= effect.amount:
            effect.op = NOTE  # already below the cap: shown, changes nothing
        score = effect.apply(score)
        features.append(effect.as_feature())
    return MatchResult(score, thresholds.band(score), tuple(features))
