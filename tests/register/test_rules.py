"""The publication and expungement rules, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from adaldyq.register import rules
from adaldyq.register.rules import (
    ArticleFacts,
    BriberyForm,
    ConvictionFacts,
    Gravity,
    Policy,
    Punishment,
    Removal,
)

BRIBE = ArticleFacts("366-1", True, Gravity.MEDIUM, BriberyForm.TAKING)
GRAVE_EMBEZZLEMENT = ArticleFacts("189-3", True, Gravity.GRAVE)
MINOR_FORGERY = ArticleFacts("369-1", True, Gravity.MINOR)
THEFT = ArticleFacts("188-1", False, Gravity.MINOR)
D = dt.date


def facts(*articles: ArticleFacts, gravity: Gravity | None = None, punishment: Punishment = Punishment.IMPRISONMENT,
          effect: dt.date | None = D(2024, 1, 1), end: dt.date | None = D(2026, 1, 1),
          removals: dict[Removal, dt.date] | None = None) -> ConvictionFacts:
    return ConvictionFacts(articles=tuple(articles), gravity=gravity, punishment=punishment, legal_effect_date=effect,
                           sentence_end_date=end, removals=removals or {})


def test_in_force_grave_corruption_is_public_until_expungement() -> None:
    window = rules.publication_window(facts(GRAVE_EMBEZZLEMENT), Policy())
    assert window.start == D(2024, 1, 1)
    assert window.end == D(2032, 1, 1)  # grave crime, deprivation of liberty: 6 years after the sentence
    assert window.end_ground is Removal.EXPUNGED
    assert window.is_public_on(D(2031, 12, 31)) and not window.is_public_on(D(2032, 1, 1))


def test_not_in_force_is_not_public() -> None:
    window = rules.publication_window(facts(GRAVE_EMBEZZLEMENT, effect=None), Policy())
    assert not window.ever_public and window.excluded_because == "verdict not in legal force"


def test_non_corruption_article_is_never_public() -> None:
    assert rules.publication_window(facts(THEFT, gravity=Gravity.GRAVE), Policy()).excluded_because == "no corruption article"


def test_bribery_is_public_whatever_its_gravity_but_minor_forgery_is_not() -> None:
    assert rules.publication_window(facts(BRIBE), Policy()).ever_public
    assert not rules.publication_window(facts(MINOR_FORGERY), Policy()).ever_public
    assert not rules.publication_window(facts(BRIBE), Policy(publish_all_bribery=False)).ever_public


def test_policy_can_publish_lower_gravities() -> None:
    policy = Policy(publish_gravities=frozenset(Gravity))
    assert rules.publication_window(facts(MINOR_FORGERY), policy).ever_public


@pytest.mark.parametrize("ground", [Removal.ACQUITTED, Removal.RETRIAL, Removal.REMOVED_BY_COURT, Removal.RECTIFIED])
def test_removal_ends_the_window_on_its_date(ground: Removal) -> None:
    window = rules.publication_window(facts(GRAVE_EMBEZZLEMENT, removals={ground: D(2024, 6, 1)}), Policy())
    assert window.end == D(2024, 6, 1) and window.end_ground is ground
    assert not window.is_public_on(D(2024, 6, 1))


def test_acquittal_before_legal_effect_means_never_public() -> None:
    window = rules.publication_window(facts(GRAVE_EMBEZZLEMENT, removals={Removal.ACQUITTED: D(2023, 12, 1)}), Policy())
    assert not window.ever_public


@pytest.mark.parametrize(
    ("punishment", "gravity", "years"),
    [
        (Punishment.SUSPENDED, Gravity.ESPECIALLY_GRAVE, 0),
        (Punishment.FINE, Gravity.GRAVE, 1),
        (Punishment.OTHER, Gravity.GRAVE, 1),
        (Punishment.RESTRICTION_OF_LIBERTY, Gravity.MEDIUM, 3),
        (Punishment.IMPRISONMENT, Gravity.MINOR, 3),
        (Punishment.IMPRISONMENT, Gravity.GRAVE, 6),
        (Punishment.IMPRISONMENT, Gravity.ESPECIALLY_GRAVE, 8),
    ],
)
def test_expungement_periods(punishment: Punishment, gravity: Gravity, years: int) -> None:
    f = facts(BRIBE, gravity=gravity, punishment=punishment, end=D(2020, 3, 15))
    assert rules.expungement_date(f, Policy()) == D(2020 + years, 3, 15)


def test_periods_come_from_the_policy_table() -> None:
    policy = Policy(periods_years={**rules.DEFAULT_PERIODS_YEARS, "liberty_grave": 10})
    assert rules.expungement_date(facts(GRAVE_EMBEZZLEMENT), policy) == D(2036, 1, 1)


def test_unknown_sentence_end_keeps_the_entry_open() -> None:
    window = rules.publication_window(facts(GRAVE_EMBEZZLEMENT, end=None), Policy())
    assert window.ever_public and window.end is None


def test_gravity_defaults_to_the_gravest_article() -> None:
    assert rules.effective_gravity(facts(BRIBE, GRAVE_EMBEZZLEMENT)) is Gravity.GRAVE


def test_leap_day_plus_years() -> None:
    assert rules.add_years(D(2024, 2, 29), 3) == D(2027, 2, 28)
