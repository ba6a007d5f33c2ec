"""The indicators, as a plain list looked up by code.

Each module has the same small surface: ``CODE``, ``TITLE``, ``LEVEL`` ("process" when it
flags contracting processes, "organisation" when it flags buyers or suppliers),
``SETTINGS`` (key -> kind), ``eligible(ctx)`` and ``fields(ctx)`` (SQL predicates over the
``proc`` view, for coverage and the composite score) and ``run(ctx) -> Output``.
"""

from __future__ import annotations

from types import ModuleType

from ..indicator_config import Kind
from . import r003, r013, r018, r024, r025, r028, r030, r035, r036, r038, r048, r055, r058

# Cardinal's order, which is also the order in which Cardinal reads a line (7.2).
CARDINAL: tuple[ModuleType, ...] = (r003, r018, r024, r025, r028, r030, r035, r036, r038, r048, r058)
# Ours, beyond Cardinal; they run only when their section is in the settings.
EXTRA: tuple[ModuleType, ...] = (r013, r055)
ALL: tuple[ModuleType, ...] = CARDINAL + EXTRA


def by_code(code: str) -> ModuleType:
    for module in ALL:
        if code == module.CODE:
            return module
    raise KeyError(code)


def settings_specs() -> dict[str, dict[str, Kind]]:
    return {module.CODE: dict(module.SETTINGS) for module in ALL}
