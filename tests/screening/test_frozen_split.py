"""The frozen part of the Kazakh development pairs stays what it was when it was frozen.

Nobody reads the frozen part while writing rules (docs/screening-evaluation.md); a
change to the data file, the seed or the rule that assigns persons would silently
mix studied and unstudied pairs, so these fingerprints must be changed on purpose,
with a note in the docs, or not at all.
"""

from __future__ import annotations

import pytest
from bench.screening_split import fingerprint, is_frozen_person, person_ids, read_pairs, split

FROZEN_FINGERPRINT = "bd2d31bfd4646ba8f643fce4fb464f3a0c22c986fe5168578262455d51ef6785"
DEVELOPMENT_FINGERPRINT = "43a1a797cd9e83966eb1ee3e5b302556412a832e6c562af6c2255a4096425a08"


def test_the_frozen_part_is_unchanged() -> None:
    development, frozen = split(read_pairs())
    assert (len(development), len(frozen)) == (321, 266)
    assert fingerprint(frozen) == FROZEN_FINGERPRINT
    assert fingerprint(development) == DEVELOPMENT_FINGERPRINT


def test_no_frozen_person_appears_in_the_development_part() -> None:
    development, _ = split(read_pairs())
    for row in development:
        assert not any(is_frozen_person(p) for p in person_ids(row["source"]))


def test_a_pair_is_frozen_when_either_of_its_persons_is() -> None:
    frozen_person = next(p for p in (f"wd:Q{n}" for n in range(100)) if is_frozen_person(p))
    free_person = next(p for p in (f"wd:Q{n}" for n in range(100)) if not is_frozen_person(p))
    row = {"a": "x", "b": "y", "label": "0", "source": f"s {{{free_person}}} | s {{{frozen_person}}}"}
    assert split([row]) == ([], [row])


def test_a_pair_without_a_person_id_is_refused() -> None:
    with pytest.raises(ValueError, match="person id"):
        person_ids("somewhere | elsewhere")
