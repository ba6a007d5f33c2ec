"""What other apps may call of recovery: its seam (the import contract in pyproject.toml).

Cooperation names recovery's assets and cases in its requests and sends assets to
partners. It reads them here, by reference, rather than querying recovery's models.
`Asset` and `PartyKind` are here for annotations and the owner's kind.
"""

from __future__ import annotations

from collections.abc import Iterable

from adaldyq.recovery.models import Asset, PartyKind, RecoveryCase

__all__ = ["Asset", "PartyKind", "asset_id", "assets_abroad", "assets_by_reference", "case_id"]


def asset_id(reference: str) -> int | None:
    """The asset with this reference, or None."""
    return Asset.objects.filter(reference=reference).values_list("pk", flat=True).first()


def case_id(reference: str) -> int | None:
    """The recovery case with this reference, or None."""
    return RecoveryCase.objects.filter(reference=reference).values_list("pk", flat=True).first()


def assets_by_reference(references: Iterable[str]) -> dict[str, Asset]:
    """The assets among these references that exist, with their owners, by reference."""
    wanted = list(dict.fromkeys(references))
    return {a.reference: a for a in Asset.objects.select_related("owner").filter(reference__in=wanted)}


def assets_abroad() -> list[Asset]:
    """Every asset located abroad, by reference."""
    return list(Asset.objects.filter(abroad=True).order_by("reference"))
