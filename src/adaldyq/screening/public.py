"""What other apps may call of screening: its seam (the import contract in pyproject.toml).

Procurement screens the persons tied to suppliers against the register and the loaded
lists, with the screening engine's default threshold. Cooperation's partner screening
charges the same daily quota of names as the internal API (`quotas`) and compares
each name with the public register as the matcher does (`match_public_register`).
"""

from __future__ import annotations

from adaldyq.screening import indexes, quotas
from adaldyq.screening.engine import ListIndex, Result
from adaldyq.screening.matching import MATCH_THRESHOLD
from adaldyq.screening.models import ScreeningList
from adaldyq.screening.queries import COMPANY, PERSON, Query
from adaldyq.screening.services import match_public_register

__all__ = ["COMPANY", "MATCH_THRESHOLD", "PERSON", "ListIndex", "Query", "Result", "all_indexes", "match_public_register", "quotas"]


def all_indexes() -> list[ListIndex]:
    """The register's public entries and every loaded screening list, as indexes."""
    return [indexes.register_index(), *(indexes.list_index(row) for row in ScreeningList.objects.order_by("name"))]
