"""The demo lists load through the real readers, load again without change, and
screening the demo finds register entries on them."""

from __future__ import annotations

from typing import Any

from adaldyq.register import demo as register_demo
from adaldyq.screening import demo, indexes, services
from adaldyq.screening.models import ListEntry, ScreeningList
from adaldyq.screening.queries import Query


def test_demo_lists_load_and_find_register_people(db: Any) -> None:
    indexes.forget()
    register_demo.load(seed=5, count=120)
    summary = demo.load(seed=5)
    assert "list debarment-demo: created" in summary and "list sanctions-demo: created" in summary
    assert set(ScreeningList.objects.values_list("name", "kind")) == {("debarment-demo", "mixed"),
                                                                      ("sanctions-demo", "person")}
    assert "unchanged" in demo.load(seed=5)
    director = ListEntry.objects.filter(screening_list__name="debarment-demo", schema="Person").first()
    assert director is not None
    outcome = services.screen([Query("d", director.name)], ["register", "debarment-demo"], channel="cli", who="t")
    assert {r.list for r in outcome.results} >= {"debarment-demo"}
    indexes.forget()


def test_demo_companies_carry_valid_bins() -> None:
    from adaldyq.names.iin import validate_bin

    assert all(validate_bin(demo.synthetic_bin(n)) for n in range(100))
