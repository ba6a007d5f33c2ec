"""Decision thresholds of the matcher (see docs/screening-matching.md for how they were set).

``MATCH_THRESHOLD``: a pair at or above it is reported as a match.  Chosen on the
training half of the Kazakh development pairs for precision first (target >= 0.98)
and checked on the held-out half and on OpenSanctions' name bench.

``REVIEW_THRESHOLD``: pairs between it and the match threshold are "possible
matches" for a person to review; below it nothing is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

MATCH_THRESHOLD = 0.70
REVIEW_THRESHOLD = 0.55


@dataclass(frozen=True, slots=True)
class Thresholds:
    match: float = MATCH_THRESHOLD
    review: float = REVIEW_THRESHOLD

    def band(self, score: float) -> str:
        if score >= self.match:
            return "match"
        if score >= self.review:
            return "review"
        return "no_match"


DEFAULT_THRESHOLDS = Thresholds()
