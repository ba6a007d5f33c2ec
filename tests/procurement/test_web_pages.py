"""Staff pages, their JSON twins, exports and the API of procurement risk.

- ``small``: 400 synthetic releases written once per module.
- ``run``: ``small`` stored as a run (no tie screening).
- ``analyst``: a logged-in client holding the procurement_analyst role.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.test import Client

from adaldyq.core import tokens
from adaldyq.procurement import queries, services
from adaldyq.procurement.models import Organisation, Process, ProcurementRun

STAFF = "/en/staff/procurement/"
API = "/api/v1/procurement"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from adaldyq.procurement.generate import write_jsonl

    return write_jsonl(tmp_path_factory.mktemp("web") / "small.jsonl", 400, seed=5)


@pytest.fixture
def run(db: Any, small: Path) -> ProcurementRun:
    return services.store_run(small, options=services.Options(progress=False, screen_ties=False))


@pytest.fixture
def analyst(make_officer: Any) -> Client:
    client = Client()
    client.force_login(make_officer("ana", "procurement_analyst"))
    return client


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("page", ["", "processes/", "buyers/", "suppliers/", "ties/", "coverage/", "runs/"])
def test_pages_need_the_role(run: ProcurementRun, make_officer: Any, page: str) -> None:
    anonymous = Client().get(STAFF + page)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    other = Client()
    other.force_login(make_officer("risk", "risk_analyst"))
    assert other.get(STAFF + page).status_code == 403
    admin = Client()
    admin.force_login(make_officer("admin", "administrator"))
    assert admin.get(STAFF + page).status_code == 200


@pytest.mark.parametrize(("page", "twin"), [
    ("", f"{API}/summary"), ("processes/?region=astana", f"{API}/processes?region=astana"),
    ("buyers/?sector=45", f"{API}/buyers?sector=45"), ("suppliers/", f"{API}/suppliers"),
    ("ties/", f"{API}/ties"), ("coverage/", f"{API}/coverage"), ("runs/", f"{API}/runs"),
])
def test_every_page_links_its_json_twin(run: ProcurementRun, analyst: Client, page: str, twin: str) -> None:
    response = analyst.get(STAFF + page)
    assert response.status_code == 200
    twin = f"{twin}{'&' if '?' in twin else '?'}lang=en"  # the twin speaks the page's language
    assert response["Link"] == f'<{twin}>; rel="alternate"; type="application/json"'
    assert analyst.get(twin).status_code == 200
    assert response.content.count(b"<h1>") == 1


def test_filters_give_the_same_rows_on_page_and_api(run: ProcurementRun, analyst: Client) -> None:
    p = Process.objects.exclude(region="").exclude(date=None).order_by("pk").first()
    assert p is not None and p.date is not None
    query = f"region={p.region}&method={p.method}&sector={p.sector}&from={p.date.isoformat()}&to={p.date.isoformat()}"
    expected = Process.objects.filter(run=run, region=p.region, method=p.method, sector=p.sector, date=p.date)
    data = analyst.get(f"{API}/processes?{query}").json()
    assert data["count"] == expected.count() >= 1
    assert p.ocid in {r["ocid"] for r in data["results"]}
    assert p.ocid.encode() in analyst.get(f"{STAFF}processes/?{query}").content
    ranks = [r["rank_score"] or 0 for r in analyst.get(f"{API}/processes?per_page=500").json()["results"]]
    assert ranks == sorted(ranks, reverse=True)


def test_organisations_with_filters_count_matching_processes(run: ProcurementRun, analyst: Client) -> None:
    region = Process.objects.exclude(region="").values_list("region", flat=True).first()
    data = analyst.get(f"{API}/buyers?region={region}&per_page=500").json()
    expected = {b: Process.objects.filter(run=run, region=region, buyer_id=b).count()
                for b in Process.objects.filter(run=run, region=region).values_list("buyer_id", flat=True)}
    assert {r["id"]: r["matching_processes"] for r in data["results"]} == expected
    suppliers = analyst.get(f"{API}/suppliers?per_page=500").json()
    assert suppliers["count"] == Organisation.objects.filter(run=run, kind="supplier").count()
    assert "matching_processes" not in suppliers["results"][0] or suppliers["results"][0]["matching_processes"] is None


def test_process_page_explains_each_flag(run: ProcurementRun, analyst: Client) -> None:
    p = next(x for x in Process.objects.filter(run=run).order_by("pk") if "R055" in x.flags)
    page = analyst.get(f"{STAFF}processes/{p.ocid}/").content.decode()
    assert "R055 Split purchases" in page and f"{STAFF}indicators/R055/" in page
    assert "One of a series of direct awards" in page
    detail = analyst.get(f"{API}/processes/{p.ocid}").json()
    r055 = next(c for c in detail["components"] if c["code"] == "R055")
    assert r055["state"] == "flagged" and r055["value"] == p.flags["R055"] and r055["doc"] == "R055"
    assert sum(c["contribution"] or 0 for c in detail["components"]) == pytest.approx(p.score)
    assert any(p.ocid in s["ocids"] for s in detail["split_series"])
    assert analyst.get(f"{STAFF}indicators/R055/").status_code == 200
    assert analyst.get(f"{STAFF}processes/no-such-ocid/").status_code == 404


def test_exports_csv_and_parquet(run: ProcurementRun, analyst: Client) -> None:
    region = Process.objects.exclude(region="").values_list("region", flat=True).first()
    expected = Process.objects.filter(run=run, region=region).count()
    response = analyst.get(f"{STAFF}export/processes.csv?region={region}")
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert len(rows) == expected and rows[0]["rank"] == "1" and rows[0]["region"] == region
    table = pq.read_table(io.BytesIO(body(analyst.get(f"{STAFF}export/suppliers.parquet"))))
    assert table.num_rows == Organisation.objects.filter(run=run, kind="supplier").count()
    assert str(table.schema.field("value").type) == "decimal128(20, 2)"
    assert analyst.get(f"{STAFF}export/processes.xlsx").status_code == 404


def test_api_tokens_need_the_scope(run: ProcurementRun) -> None:
    good = tokens.issue("reader", ["procurement:read"]).plaintext
    bad = tokens.issue("other", ["screen"]).plaintext
    client = Client()
    assert client.get(f"{API}/processes", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 200
    assert client.get(f"{API}/processes", HTTP_AUTHORIZATION=f"Bearer {bad}").status_code == 403
    assert client.get(f"{API}/processes").status_code == 401


def test_session_without_the_role_is_refused(run: ProcurementRun, make_officer: Any) -> None:
    client = Client()
    client.force_login(make_officer("risk", "risk_analyst"))
    assert client.get(f"{API}/summary").status_code == 403


def test_no_run_yet(db: Any, analyst: Client) -> None:
    assert b"No analysis has been loaded yet" in analyst.get(STAFF).content
    assert analyst.get(f"{API}/processes").status_code == 404
    assert analyst.get(f"{API}/runs").json() == []


def test_older_runs_stay_readable(run: ProcurementRun, small: Path, analyst: Client) -> None:
    newer = services.store_run(small, options=services.Options(progress=False, screen_ties=False))
    assert analyst.get(f"{API}/summary").json()["run"]["id"] == newer.pk
    assert analyst.get(f"{API}/summary?run={run.pk}").json()["run"]["id"] == run.pk
    assert f"Run {run.pk}:".encode() in analyst.get(f"{STAFF}?run={run.pk}").content
    assert analyst.get(f"{STAFF}?run=999999").status_code == 404


def test_openapi_describes_the_endpoints(db: Any) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ("runs", "summary", "coverage", "processes", "processes/{ocid}", "buyers", "suppliers", "ties"):
        assert f"{API}/{path}" in paths


def test_staff_home_links_here(run: ProcurementRun, analyst: Client) -> None:
    assert STAFF.encode() in analyst.get("/en/staff/").content


def test_coverage_lists_every_indicator(run: ProcurementRun, analyst: Client) -> None:
    data = analyst.get(f"{API}/coverage").json()
    codes = {row["code"] for row in data["indicators"]}
    assert {"R003", "R018", "R055", "TIE"} <= codes
    for row in data["indicators"]:
        assert 0 <= row["computable"] <= row["of"]
        assert all(0 <= n <= row["of"] for n in row["missing"].values())
    page = analyst.get(f"{STAFF}coverage/").content.decode()
    assert "Missing fields" in page and "R003" in page


def test_scores_show_what_they_rest_on_and_thin_ones_rank_lower(run: ProcurementRun, analyst: Client) -> None:
    """Issue 13: "1.00 on 2 of 10", and a score on few indicators never outranks a fuller one."""
    ranked = list(Process.objects.filter(run=run).order_by(*queries.PROCESS_SORTS["score"]))
    keys = [p.rank_score for p in ranked if p.rank_score is not None]
    assert keys == sorted(keys, reverse=True)
    thin = next(p for p in ranked if p.score == 1.0 and p.computable < p.indicators)
    # Resting on more indicators, with at least as many flags fired, however lower its mean.
    fuller = [p for p in ranked if p.computable > thin.computable and p.score is not None
              and p.score * p.computable > thin.computable - 0.5]
    assert fuller, "the generated data should hold a fuller score with as many flags as the thin one"
    assert any(p.score < 0.5 for p in fuller)
    assert all(ranked.index(p) < ranked.index(thin) for p in fuller)
    page = analyst.get(STAFF + "processes/").content.decode()
    top = ranked[0]
    assert f"{top.score:.2f} on {top.computable} of {top.indicators}" in page
    api = analyst.get(f"{API}/processes").json()
    first = api["results"][0]
    assert (first["ocid"], first["indicators"], first["rank_score"]) == (top.ocid, top.indicators, top.rank_score)
    ru = analyst.get(STAFF.replace("/en/", "/ru/") + "processes/").content.decode()
    assert f"по {top.computable} из {top.indicators}" in ru


def test_process_page_in_russian_words_and_figures(run: ProcurementRun, analyst: Client) -> None:
    """'Title' is a tender's name here, not a heading; amounts and series totals as
    Russian writes them, never '1,312,502.62' or '1.23703e+07'."""
    import re

    p = next(x for x in Process.objects.filter(run=run).exclude(value=None).order_by("pk") if "R055" in x.flags)
    page = analyst.get(f"/ru/staff/procurement/processes/{p.ocid}/").content.decode()
    assert "<dt>Наименование</dt>" in page and "Заголовок" not in page
    value = f"{p.value:,.2f}".replace(",", "\xa0").replace(".", ",")
    assert f"<dd>{value} {p.currency}</dd>" in page
    assert not re.search(r"\d,\d{3},\d{3}|e\+\d", page)
    assert "<th scope=\"col\">Процедура</th>" in analyst.get("/ru/staff/procurement/processes/").content.decode()


def test_r055_explanation_never_uses_scientific_notation(run: ProcurementRun) -> None:
    from django.utils import translation

    from adaldyq.procurement import queries

    p = Process.objects.filter(run=run).first()
    assert p is not None
    with translation.override("en"):
        assert "together 12,370,300 within the window" in queries.why("R055", 1.23703e7, p, run)


def test_sector_names_follow_the_readers_language(run: ProcurementRun, analyst: Client) -> None:
    p = Process.objects.filter(run=run, sector="45").first() or Process.objects.exclude(sector="").first()
    assert p is not None
    from adaldyq.procurement import cpv

    html = analyst.get("/kk/staff/procurement/processes/").content.decode()
    assert f"{p.sector} {cpv.sector_label(p.sector, 'kk')}" in html
    twin = analyst.get(f"{API}/processes/{p.ocid}?lang=ru").json()
    assert twin["process"]["sector"]["name"] == cpv.DIVISIONS[p.sector][1]
