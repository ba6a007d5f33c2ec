"""Where the fixtures live, and the settings a Cardinal fixture's file name encodes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Cardinal's conformance fixtures (MIT) are copied unchanged into fixtures/cardinal/;
# ours sit beside them in fixtures/.
OWN_FIXTURES = Path(__file__).parent / "fixtures"
CARDINAL_FIXTURES = OWN_FIXTURES / "cardinal"

GLOBAL = {
    "no_price_comparison_procurement_methods": "NPC",
    "exclusions": {"procurement_method_details": "EXC"},
}


def settings_for(stem: str) -> dict[str, Any]:
    """``R003-threshold-10`` -> ``{"R003": {"threshold": 10}, ...the global settings}``."""
    parts = stem.replace("+", "|").split("-")
    code, rest = parts[0], parts[1:]
    section: dict[str, Any]
    if len(rest) < 2:
        section = {}
    elif len(rest) == 2:
        key, value = rest
        section = {key: int(value) if value.isdigit() else value}
    else:
        key, pairs = rest[0], rest[1:]
        section = {key: {pairs[i]: int(pairs[i + 1]) for i in range(0, len(pairs), 2)}}
    return {**GLOBAL, code: section}
