"""Storing a run: what is stored equals what the engine computed, plus the attributes
the pages filter on (region, sector, date, value), read in DuckDB.

Uses the session's ``generated`` file (3,000 synthetic releases) and small files written here.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adaldyq.procurement import services
from adaldyq.procurement.attributes import region_code
from adaldyq.procurement.composite import composite
from adaldyq.procurement.engine import Engine
from adaldyq.procurement.exceptions import InputFormatError, SettingsError
from adaldyq.procurement.indicator_config import parse_ini
from adaldyq.procurement.models import Organisation, Process, ProcessSupplier, ProcurementRun

OPTIONS = services.Options(progress=False, screen_ties=False)


@pytest.mark.parametrize(("text", "code"), [
    ("Абайской области", "abai"), ("Жетысуской области", "zhetysu"), ("города Астаны", "astana"),
    ("города Алматы", "almaty-city"), ("Алматинской области", "almaty"), ("Алматы", "almaty-city"),
    ("Восточно-Казахстанской области", "east-kz"), ("Шығыс Қазақстан облысы", "east-kz"),
    ("Karaganda Region", "karaganda"), ("г. Шымкент", "shymkent"), ("Атлантида", ""), ("", ""), (None, ""),
])
def test_region_names_in_any_case_map_to_codes(text: str | None, code: str) -> None:
    assert region_code(text) == code


def test_every_generated_region_is_recognised() -> None:
    from adaldyq.procurement.generate import REGIONS

    assert all(region_code(name) for name in REGIONS)


@pytest.fixture
def stored(db: Any, generated: Path) -> ProcurementRun:
    return services.store_run(generated, options=OPTIONS)


def test_run_matches_the_engine(stored: ProcurementRun, generated: Path) -> None:
    with Engine(parse_ini(services.default_settings_text())) as engine:
        engine.load(generated, progress=False)
        analysis = engine.run(maps=False)
        scores = composite(engine, analysis)
        expected = {s.id: s.score for s in scores.processes()}
        buyers = {s.id: (s.score, s.processes) for s in scores.organisations("buyer")}
    assert stored.status == "finished" and stored.processes == len(expected) == Process.objects.count()
    assert dict(Process.objects.values_list("ocid", "score")) == pytest.approx(expected)
    assert {o.org_id: (o.score, o.processes) for o in Organisation.objects.filter(kind="buyer")} == buyers
    flagged = dict(analysis.results.get("OCID", {}))
    assert {p.ocid: p.flags for p in Process.objects.exclude(flags={})} == flagged
    assert stored.flagged_processes == Process.objects.filter(score__gt=0).count()


def test_contributions_add_up_to_the_score(stored: ProcurementRun) -> None:
    for p in Process.objects.exclude(score=None)[:500]:
        assert sum(p.contributions.values()) == pytest.approx(p.score)
        assert p.computable == sum(v is not None for v in p.components.values())


def test_filter_attributes_are_filled(stored: ProcurementRun) -> None:
    total = Process.objects.count()
    assert Process.objects.exclude(region="").count() == total  # every buyer has an address region
    assert Process.objects.exclude(sector="").count() == total
    assert Process.objects.exclude(date=None).count() == total
    assert Process.objects.filter(value=None).count() < total * 0.01
    p = Process.objects.exclude(value=None).first()
    assert isinstance(p.value, Decimal) and p.currency == "KZT"
    assert set(Process.objects.values_list("method", flat=True)) == {"open", "selective", "direct"}
    links = ProcessSupplier.objects.count()
    assert links == sum(len(s) for s in Process.objects.values_list("suppliers", flat=True))


def test_coverage_is_stored_per_indicator(stored: ProcurementRun) -> None:
    indicators = stored.coverage["indicators"]
    assert {"R003", "R018", "R013", "R055", "TIE"} <= set(indicators)
    assert 0 < indicators["R018"]["computable"] <= stored.processes
    assert all(isinstance(n, int) for n in indicators["R003"]["missing"].values())


def small_file(tmp_path: Path, lines: list[dict[str, Any]]) -> Path:
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def test_attributes_follow_the_documented_fallbacks(db: Any, tmp_path: Path) -> None:
    path = small_file(tmp_path, [
        {"ocid": "a", "date": "2024-01-05T00:00:00Z", "buyer": {"id": "B"},
         "parties": [{"id": "B", "name": "Акимат", "address": {"region": "города Алматы"}}],
         "tender": {"procurementMethod": "open", "tenderPeriod": {"startDate": "2023-12-31T20:00:00Z"},
                    "value": {"amount": 100.5, "currency": "KZT"}, "items": [{"classification": {"id": "33600000"}}]}},
        {"ocid": "b", "date": "2024-02-01T00:00:00+05:00", "buyer": {"id": "B", "name": "Акимат"},
         "tender": {"procurementMethod": "direct", "value": {"amount": 1, "currency": "KZT"}},
         "awards": [{"status": "active", "date": "2024-01-20T10:00:00+05:00", "value": {"amount": 70, "currency": "KZT"},
                     "suppliers": [{"id": "S", "name": "ТОО «С»"}], "items": [{"classification": {"id": "45000000"}}]},
                    {"status": "active", "value": {"amount": 30, "currency": "KZT"}, "suppliers": [{"id": "S"}]}]},
        "not an object",
    ])
    run = services.store_run(path, options=OPTIONS)
    a, b = Process.objects.filter(run=run).order_by("ocid")
    # a: the tender start in Almaty time (next day), the tender value, the buyer party's region.
    assert (a.date, a.value, a.region, a.sector, a.buyer_name) == (dt.date(2024, 1, 1), Decimal("100.50"),
                                                                   "almaty-city", "33", "Акимат")
    # b: the first active award's date, the active awards' sum, the awards' items, and the region the
    # buyer's party has in another release.
    assert (b.date, b.value, b.region, b.sector) == (dt.date(2024, 1, 20), Decimal("100.00"), "almaty-city", "45")
    assert b.suppliers == [{"id": "S", "name": "ТОО «С»"}]
    supplier = Organisation.objects.get(run=run, kind="supplier")
    assert (supplier.org_id, supplier.name, supplier.value, supplier.processes) == ("S", "ТОО «С»", Decimal("100.00"), 1)


def test_a_failed_run_is_kept_with_its_error(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "neither": "releases nor records"\n}\n', encoding="utf-8")
    with pytest.raises(InputFormatError):
        services.store_run(path, options=OPTIONS)
    run = ProcurementRun.objects.get()
    assert run.status == "failed" and run.error and not Process.objects.exists()


def test_bad_settings_stop_before_a_run_is_recorded(db: Any, generated: Path) -> None:
    with pytest.raises(SettingsError):
        services.store_run(generated, "[R018]\nnonsense = 1\n", OPTIONS)
    assert not ProcurementRun.objects.exists()


def test_deleting_a_run_deletes_what_it_stored(stored: ProcurementRun) -> None:
    services.delete_run(stored)
    assert not Process.objects.exists() and not Organisation.objects.exists() and not ProcessSupplier.objects.exists()
