"""IIN, birth date and sex as evidence on top of the name score.

* Both sides have a valid IIN: equal decides a match (score 1), different decides a
  non-match (score 0).  The IIN check digit catches single-digit typos, so two valid
  different numbers are two persons.
* Only one side has an IIN: the birth date and sex encoded in it are compared with
  the other side's birth date and sex, as if they had been given.
* Birth dates: equal raises the score halfway to 1; same year but different day
  lowers it a little (data-entry slips); a different year lowers it a lot.
* Sex: a conflict (from the data or the IIN, else from name endings) lowers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from adaldyq.names.iin import clean_number, iin_birth_date, iin_sex, validate_iin
from adaldyq.screening.matching.explanation import Feature

SAME_BIRTH_DATE_GAIN = 0.5  # share of the distance to 1 that an equal birth date adds
SAME_YEAR_FACTOR = 0.8
OTHER_YEAR_FACTOR = 0.35
SEX_CONFLICT_FACTOR = 0.4


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """Optional identifying facts about a person."""

    iin: str | None = None
    birth_date: date | None = None
    sex: str | None = None  # "M" / "F"

    def valid_iin(self) -> str | None:
        if self.iin and validate_iin(self.iin):
            return clean_number(self.iin)
        return None


def _sex(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().upper()[:1]
    return {"M": "M", "F": "F", "Ж": "F", "М": "M", "Е": "M", "Ә": "F"}.get(v)


def apply_evidence(
    score: float,
    a: PersonFacts,
    b: PersonFacts,
    *,
    name_sex_a: str | None = None,
    name_sex_b: str | None = None,
) -> tuple[float, list[Feature]]:
    """Adjust a name score with identifiers; returns the score and its features."""
    features: list[Feature] = []
    iin_a, iin_b = a.valid_iin(), b.valid_iin()
    if iin_a and iin_b:
        if iin_a == iin_b:
            return 1.0, [Feature("iin", 1.0, "decisive: same IIN", iin_a)]
        return 0.0, [Feature("iin", 0.0, "decisive: different IINs", f"{iin_a} / {iin_b}")]

    dob_a = a.birth_date or (iin_birth_date(iin_a) if iin_a else None)
    dob_b = b.birth_date or (iin_birth_date(iin_b) if iin_b else None)
    source = " (from IIN)" if (iin_a or iin_b) else ""
    if dob_a and dob_b:
        if dob_a == dob_b:
            score += (1.0 - score) * SAME_BIRTH_DATE_GAIN
            features.append(
                Feature(
                    "birth_date",
                    1.0,
                    f"raised +{SAME_BIRTH_DATE_GAIN:.0%} of gap",
                    f"{dob_a}{source}",
                )
            )
        elif dob_a.year == dob_b.year:
            score *= SAME_YEAR_FACTOR
            features.append(
                Feature("birth_date", 0.5, f"x{SAME_YEAR_FACTOR}", f"{dob_a} / {dob_b}{source}")
            )
        else:
            score *= OTHER_YEAR_FACTOR
            features.append(
                Feature("birth_date", 0.0, f"x{OTHER_YEAR_FACTOR}", f"{dob_a} / {dob_b}{source}")
            )

    sex_a = _sex(a.sex) or (iin_sex(iin_a) if iin_a else None)
    sex_b = _sex(b.sex) or (iin_sex(iin_b) if iin_b else None)
    if sex_a or sex_b:
        # Declared or IIN sex is compared with the other side's, declared or implied
        # by name endings; name-vs-name conflicts are already in the name score.
        sex_a = sex_a or name_sex_a
        sex_b = sex_b or name_sex_b
        if sex_a and sex_b:
            if sex_a != sex_b:
                score *= SEX_CONFLICT_FACTOR
                features.append(
                    Feature("sex", 0.0, f"x{SEX_CONFLICT_FACTOR}", f"{sex_a} / {sex_b}{source}")
                )
            else:
                features.append(Feature("sex", 1.0, "neutral", f"{sex_a}"))
    return max(0.0, min(1.0, score)), features
