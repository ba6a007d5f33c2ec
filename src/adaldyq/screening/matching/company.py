"""Score a pair of company names, with optional BINs.

* A BIN on both sides decides: the same valid BIN is the same company (score 1),
  two different valid BINs are two companies (score 0).
* Otherwise legal-form words (ТОО, АО, ЖШС, LLP, JSC...) and quotation marks are
  dropped, every word becomes its transliteration key, and the word sequences are
  compared: equal keys (in any order) score 1; otherwise the score is the edit
  similarity of the sorted keys, and of the words glued together (Казмунайгаз /
  Каз Мунай Газ), through the same steep curve as person tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from adaldyq.names.iin import clean_number, validate_bin
from adaldyq.names.legal_forms import LEGAL_FORM_PHRASES, LEGAL_FORM_WORDS
from adaldyq.names.parse import normalize
from adaldyq.names.transliterate import token_key
from adaldyq.screening.matching.explanation import Feature, MatchResult
from adaldyq.screening.matching.thresholds import DEFAULT_THRESHOLDS, Thresholds

# Below this similarity of the compared keys, two company names are unrelated.
COMPANY_FLOOR = 0.6
_PHRASE_RE = re.compile(
    "|".join(
        r"\b" + re.escape(p).replace(r"\ ", r"\s+") + r"\b"
        for p in sorted(LEGAL_FORM_PHRASES, key=len, reverse=True)
    )
)


@dataclass(frozen=True, slots=True)
class CompanyName:
    text: str
    keys: tuple[str, ...]
    dropped: tuple[str, ...]  # legal-form words that were ignored

    @property
    def glued(self) -> str:
        return "".join(self.keys)


@lru_cache(maxsize=100_000)
def company_name(text: str) -> CompanyName:
    """Parse a company name: drop legal forms and quotes, key every word."""
    clean = normalize(text)
    dropped = [m.group(0) for m in _PHRASE_RE.finditer(clean)]
    clean = _PHRASE_RE.sub(" ", clean)
    keys: list[str] = []
    for word in clean.replace("-", " ").split():
        if word in LEGAL_FORM_WORDS:
            dropped.append(word)
            continue
        key = token_key(word)
        if key:
            keys.append(key)
    return CompanyName(text, tuple(keys), tuple(dropped))


def has_legal_form(text: str) -> bool:
    """Whether ``company_name(text).dropped`` would be non-empty, without keying every
    word: telling companies from persons in a 100,000-row file needs only this."""
    clean = normalize(text)
    if _PHRASE_RE.search(clean):
        return True
    return any(word in LEGAL_FORM_WORDS for word in clean.replace("-", " ").split())


def _name_similarity(a: CompanyName, b: CompanyName) -> tuple[float, str]:
    if not a.keys or not b.keys:
        return 0.0, "no distinctive word"
    if sorted(a.keys) == sorted(b.keys):
        return 1.0, "same words"
    if a.glued == b.glued:
        return 1.0, "same words, spaced differently"
    ratio = (
        max(
            fuzz.token_sort_ratio(" ".join(a.keys), " ".join(b.keys)),
            fuzz.ratio(a.glued, b.glued),
        )
        / 100.0
    )
    if ratio <= COMPANY_FLOOR:
        return 0.0, f"different (similarity {ratio:.2f})"
    return (ratio - COMPANY_FLOOR) / (1.0 - COMPANY_FLOOR), f"similar (similarity {ratio:.2f})"


def score_company(
    name_a: str,
    name_b: str,
    *,
    bin_a: str | None = None,
    bin_b: str | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> MatchResult:
    """Score two company names; the result explains every feature that counted."""
    if bin_a and bin_b and validate_bin(bin_a) and validate_bin(bin_b):
        a_bin, b_bin = clean_number(bin_a), clean_number(bin_b)
        if a_bin == b_bin:
            return MatchResult(
                1.0, thresholds.band(1.0), (Feature("bin", 1.0, "decisive: same BIN", a_bin),)
            )
        return MatchResult(
            0.0,
            thresholds.band(0.0),
            (Feature("bin", 0.0, "decisive: different BINs", f"{a_bin} / {b_bin}"),),
        )
    a, b = company_name(name_a), company_name(name_b)
    score, reason = _name_similarity(a, b)
    features = [Feature("company_name", score, reason, f"{' '.join(a.keys)} / {' '.join(b.keys)}")]
    if a.dropped or b.dropped:
        features.append(
            Feature(
                "legal_form",
                None,
                "ignored",
                f"{', '.join(a.dropped) or '-'} / {', '.join(b.dropped) or '-'}",
            )
        )
    return MatchResult(score, thresholds.band(score), tuple(features))
