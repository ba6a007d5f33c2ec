"""What other apps may call of cooperation: its seam (the import contract in pyproject.toml).

Screening loads a received partner package as a screening list.
"""

from __future__ import annotations

from adaldyq.cooperation.exceptions import CooperationError
from adaldyq.cooperation.services import package_entities

__all__ = ["CooperationError", "package_entities"]
