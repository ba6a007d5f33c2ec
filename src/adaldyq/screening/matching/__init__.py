"""Name screening: pure matching of persons and companies, blocking, bulk screening.

No Django here.  Entry points:

* ``score_person(name_a, name_b, iin_a=..., birth_date_a=..., sex_a=...)`` and
  ``score_company(name_a, name_b, bin_a=..., bin_b=...)`` return a ``MatchResult``
  (score in [0, 1], band, features explaining it);
* ``ScreeningIndex`` retrieves candidates for a query without comparing against
  every entry; ``screen_bulk`` screens many queries over worker processes.

Thresholds: ``MATCH_THRESHOLD`` and the lower ``REVIEW_THRESHOLD`` (``thresholds``).
"""

from adaldyq.screening.matching.evidence import PersonFacts
from adaldyq.screening.matching.explanation import Feature, MatchResult
from adaldyq.screening.matching.person import PersonParams, score_parsed, score_person
from adaldyq.screening.matching.roles import PersonName, person_name
from adaldyq.screening.matching.thresholds import (
    DEFAULT_THRESHOLDS,
    MATCH_THRESHOLD,
    REVIEW_THRESHOLD,
    Thresholds,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "MATCH_THRESHOLD",
    "REVIEW_THRESHOLD",
    "Feature",
    "MatchResult",
    "PersonFacts",
    "PersonName",
    "PersonParams",
    "Thresholds",
    "person_name",
    "score_parsed",
    "score_person",
]
