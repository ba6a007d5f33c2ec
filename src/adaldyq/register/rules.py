"""When a conviction is on the public register, and when it leaves it.

Pure functions over plain values: no Django, no database, no clock. The register's
models store facts; these rules decide (DOMAIN.md section 1):

- an entry is public only while a conviction is in legal force, for at least one
  corruption article of a publishable gravity (default: grave and especially grave)
  or any bribery article;
- it leaves on acquittal, retrial ordered, removal of the record by a court,
  rectification of an entry made in error, or expungement, which happens by itself
  when the period for the punishment and gravity has run from the end of the sentence.

`publication_window` turns the facts into a date window [start, end); the database
stores the window so that "is it public today?" is a query, and an entry leaves the
register on its expungement date even if no scheduled job ran.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Gravity(StrEnum):
    MINOR = "minor"
    MEDIUM = "medium"
    GRAVE = "grave"
    ESPECIALLY_GRAVE = "especially_grave"


GRAVITY_ORDER = [Gravity.MINOR, Gravity.MEDIUM, Gravity.GRAVE, Gravity.ESPECIALLY_GRAVE]


class Punishment(StrEnum):
    IMPRISONMENT = "imprisonment"
    RESTRICTION_OF_LIBERTY = "restriction_of_liberty"
    FINE = "fine"
    SUSPENDED = "suspended"
    OTHER = "other"


class BriberyForm(StrEnum):
    TAKING = "taking"
    GIVING = "giving"
    MEDIATION = "mediation"
    PROMISE_OFFER = "promise_offer"
    EXTORTION = "extortion"
    DEMAND = "demand"


class Removal(StrEnum):
    """The only grounds on which an entry may leave the register."""

    ACQUITTED = "acquitted"
    RETRIAL = "retrial"
    EXPUNGED = "expunged"
    REMOVED_BY_COURT = "record_removed_by_court"
    RECTIFIED = "rectified"  # entered in error; needs a second officer


class ExpungementRule(StrEnum):
    """Keys of the expungement-period table (Criminal Code art. 79)."""

    SUSPENDED = "suspended"  # at the end of probation
    MILDER = "milder"  # punishment milder than restriction/deprivation of liberty
    LIBERTY_MINOR_MEDIUM = "liberty_minor_medium"
    LIBERTY_GRAVE = "liberty_grave"
    LIBERTY_ESPECIALLY_GRAVE = "liberty_especially_grave"


DEFAULT_PERIODS_YEARS: Mapping[str, int] = {
    ExpungementRule.SUSPENDED: 0,
    ExpungementRule.MILDER: 1,
    ExpungementRule.LIBERTY_MINOR_MEDIUM: 3,
    ExpungementRule.LIBERTY_GRAVE: 6,
    ExpungementRule.LIBERTY_ESPECIALLY_GRAVE: 8,
}


@dataclass(frozen=True)
class ArticleFacts:
    code: str
    is_corruption: bool
    gravity: Gravity | None = None
    bribery_form: BriberyForm | None = None


@dataclass(frozen=True)
class Policy:
    publish_gravities: frozenset[Gravity] = frozenset({Gravity.GRAVE, Gravity.ESPECIALLY_GRAVE})
    publish_all_bribery: bool = True
    periods_years: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_PERIODS_YEARS))


@dataclass(frozen=True, kw_only=True)
class ConvictionFacts:
    articles: tuple[ArticleFacts, ...]
    gravity: Gravity | None
    punishment: Punishment
    legal_effect_date: dt.date | None
    sentence_end_date: dt.date | None = None
    # Removal events recorded for this conviction: ground -> date it took effect.
    removals: Mapping[Removal, dt.date] = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """Public from `start` (inclusive) until `end` (exclusive; None = open)."""

    start: dt.date | None
    end: dt.date | None
    end_ground: Removal | None
    excluded_because: str = ""

    @property
    def ever_public(self) -> bool:
        return self.start is not None and (self.end is None or self.end > self.start)

    def is_public_on(self, day: dt.date) -> bool:
        return self.ever_public and self.start is not None and self.start <= day and (
            self.end is None or day < self.end
        )


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def effective_gravity(facts: ConvictionFacts) -> Gravity | None:
    """The conviction's gravity, or the gravest of its articles when not given."""
    if facts.gravity is not None:
        return facts.gravity
    known = [a.gravity for a in facts.articles if a.gravity is not None]
    return max(known, key=GRAVITY_ORDER.index) if known else None


def expungement_rule(punishment: Punishment, gravity: Gravity | None) -> ExpungementRule:
    if punishment is Punishment.SUSPENDED:
        return ExpungementRule.SUSPENDED
    if punishment in (Punishment.FINE, Punishment.OTHER):
        return ExpungementRule.MILDER
    if gravity is Gravity.ESPECIALLY_GRAVE:
        return ExpungementRule.LIBERTY_ESPECIALLY_GRAVE
    if gravity is Gravity.GRAVE:
        return ExpungementRule.LIBERTY_GRAVE
    return ExpungementRule.LIBERTY_MINOR_MEDIUM


def expungement_date(facts: ConvictionFacts, policy: Policy) -> dt.date | None:
    """When the record is expunged by time; None while the sentence end is unknown."""
    if facts.sentence_end_date is None:
        return None
    rule = expungement_rule(facts.punishment, effective_gravity(facts))
    return add_years(facts.sentence_end_date, policy.periods_years[rule])


def publishable_offence(facts: ConvictionFacts, policy: Policy) -> str:
    """Empty string if the offence qualifies for the register, else the reason it does not."""
    corruption = [a for a in facts.articles if a.is_corruption]
    if not corruption:
        return "no corruption article"
    if policy.publish_all_bribery and any(a.bribery_form for a in corruption):
        return ""
    gravity = effective_gravity(facts)
    if gravity in policy.publish_gravities:
        return ""
    return f"gravity {gravity or 'unknown'} is not publishable"


def publication_window(facts: ConvictionFacts, policy: Policy) -> Window:
    reason = publishable_offence(facts, policy)
    if reason:
        return Window(None, None, None, reason)
    if facts.legal_effect_date is None:
        return Window(None, None, None, "verdict not in legal force")
    ends: list[tuple[dt.date, Removal]] = [(day, ground) for ground, day in facts.removals.items()]
    expunged = expungement_date(facts, policy)
    if expunged is not None:
        ends.append((expunged, Removal.EXPUNGED))
    if not ends:
        return Window(facts.legal_effect_date, None, None)
    end, ground = min(ends, key=lambda pair: pair[0])
    return Window(facts.legal_effect_date, end, ground)


def gravest(gravities: Iterable[Gravity]) -> Gravity | None:
    found = list(gravities)
    return max(found, key=GRAVITY_ORDER.index) if found else None
