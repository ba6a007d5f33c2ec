"""What a score is made of: the features a reviewer reads to see why two names match."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Feature:
    """One piece of evidence.

    ``name`` is what was compared (surname, given_name, patronymic, initial,
    order, iin, birth_date, sex, bin...).  ``value`` is its similarity in [0, 1]
    (or None for evidence that only adjusts the score).  ``effect`` says how it
    entered the final score, and ``detail`` shows the compared values.
    """

    name: str
    value: float | None
    effect: str
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "feature": self.name,
            "value": None if self.value is None else round(self.value, 3),
            "effect": self.effect,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A score in [0, 1], its band, and the features that produced it."""

    score: float
    band: str  # "match", "review" or "no_match"
    features: tuple[Feature, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "band": self.band,
            "features": [f.as_dict() for f in self.features],
        }

    def explain(self) -> str:
        """Plain-text explanation, one feature a line."""
        lines = [f"score {self.score:.3f} ({self.band})"]
        lines += [f"  {feature_text(f.as_dict())}" for f in self.features]
        return "\n".join(lines)


def feature_text(feature: Mapping[str, Any]) -> str:
    """One feature as a reader sees it: ``surname 1.00: weight 1.00 (Kasymov ~ KASSYMOV: same key)``."""
    value = "" if feature.get("value") is None else f" {feature['value']:.2f}"
    detail = f" ({feature['detail']})" if feature.get("detail") else ""
    return f"{feature['feature']}{value}: {feature['effect']}{detail}"


def explanation_text(features: Iterable[Mapping[str, Any]]) -> str:
    """The one-line explanation of a score, as results files, ties and the partner API show it."""
    return "; ".join(feature_text(f) for f in features)
