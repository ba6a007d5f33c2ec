"""Site-wide switches stored in the database (so every server process agrees)."""

from __future__ import annotations

from adaldyq.core.models import SiteFlag

DEMO = "demo"


def demo_mode() -> bool:
    return SiteFlag.objects.filter(name=DEMO, value="1").exists()


def set_demo_mode(on: bool) -> None:
    SiteFlag.objects.update_or_create(name=DEMO, defaults={"value": "1" if on else "0"})
