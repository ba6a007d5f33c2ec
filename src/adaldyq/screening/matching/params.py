"""Tunable constants of the person name score (``person.score_names`` and its
``adjustments``); defaults set on the training part of the Kazakh development pairs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonParams:
    """Tunable constants of the name score; defaults set on the dev training half."""

    weight_name: float = 1.0  # surname or given name
    weight_patronymic: float = 0.7
    weight_initial: float = 0.4
    weight_particle: float = 0.2
    weakest_knee: float = 0.9  # a weakest token at or above this costs nothing
    weakest_power: float = 3.0  # how hard a weaker token pulls the score down
    extra_name_factor: float = 0.88  # per unaligned full word on the longer side
    single_word_cap: float = 0.6  # only one word shared, other words on a side
    initials_factor: float = 0.92  # the match rests partly on initials
    sex_conflict_factor: float = 0.4
    cross_role_factor: float = 0.5  # given name ~ surname, alike but not equal
    patronymics_apart_factor: float = 0.5  # both have a patronymic, not aligned together


DEFAULT_PARAMS = PersonParams()
