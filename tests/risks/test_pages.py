"""Pages and JSON twins through the test client: who sees what, the public page, 404s."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adaldyq.core import tokens
from adaldyq.risks.models import Recommendation
from adaldyq.risks.workflow import Status

from .conftest import World

STAFF = "/en/staff/risks/"


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_public_page_in_three_languages(client: Client, world: World, lang: str) -> None:
    response = client.get(f"/{lang}/risks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert 'rel="alternate"' in response["Link"] and "/api/v1/risks/summary" in response["Link"]
    assert world.body_a.name_en in html if lang == "en" else getattr(world.body_a, f"name_{lang}") in html
    assert "Secret Analyst Name" not in html  # the team is internal
    assert "Do A1." not in html  # individual recommendations are not on the public page


def test_public_page_is_translated(client: Client, world: World) -> None:
    assert "Progress by sector" in client.get("/en/risks/").content.decode()
    assert "Progress by sector" not in client.get("/ru/risks/").content.decode()
    assert "Progress by sector" not in client.get("/kk/risks/").content.decode()


def test_public_summary_json(client: Client, world: World) -> None:
    data = client.get("/api/v1/risks/summary").json()
    assert data["totals"]["total"] == 3 and data["totals"]["overdue"] == 1
    assert {row["code"] for row in data["by_body"]} == {"trn-a", "mig-b"}
    assert data["analyses"][0]["code"] == "ea-1" and data["analyses"][0]["report_url"] is None
    assert (data["analyses"][0]["total"], data["analyses"][0]["overdue"]) == (3, 1)
    assert "team" not in data["analyses"][0] and "Secret Analyst Name" not in str(data)


def test_published_report_only(client: Client, world: World, media: object) -> None:
    assert client.get("/en/risks/reports/ea-1/").status_code == 404
    world.analysis.report.save("ea-1.pdf", SimpleUploadedFile("ea-1.pdf", b"%PDF report"), save=False)
    world.analysis.save()
    assert client.get("/en/risks/reports/ea-1/").status_code == 404  # uploaded, not yet published
    world.analysis.report_published = True
    world.analysis.save()
    response = client.get("/en/risks/reports/ea-1/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF report"
    assert client.get("/api/v1/risks/summary").json()["analyses"][0]["report_url"].endswith("/risks/reports/ea-1/")


def test_staff_pages_need_log_in_and_a_role(client: Client, world: World, make_officer: object) -> None:
    assert client.get(STAFF).status_code == 302
    assert client.get("/api/v1/recommendations").status_code == 401
    assert client.get("/api/v1/risks/dashboard").status_code == 401
    login(client, make_officer("registrar1", "registrar"))  # type: ignore[operator]
    assert client.get(STAFF).status_code == 403


def test_officer_without_a_body_is_refused(client: Client, world: World) -> None:
    login(client, world.stray_officer)
    assert client.get(STAFF).status_code == 403
    assert client.get("/api/v1/recommendations").status_code == 403


def test_analyst_dashboard_sees_all(client: Client, world: World) -> None:
    response = login(client, world.analyst).get(STAFF)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Body A" in html and "Body B" in html and "/api/v1/risks/dashboard" in response["Link"]
    data = client.get("/api/v1/risks/dashboard").json()
    assert data["totals"]["total"] == 3 and data["overdue_count"] == 1 and data["overdue"][0]["code"] == "A2"


def test_body_officer_sees_only_own_body(client: Client, world: World) -> None:
    login(client, world.officer_a)
    dashboard = client.get(STAFF).content.decode()
    assert "Body A" in dashboard and "Body B" not in dashboard
    listing = client.get(STAFF + "recommendations/").content.decode()
    # The listed codes, read from their links: the page's random CSRF token can contain "B1".
    assert set(re.findall(r'/recommendations/(\w+)/"', listing)) == {"A1", "A2"}
    api = client.get("/api/v1/recommendations").json()
    assert {r["code"] for r in api["results"]} == {"A1", "A2"}
    assert client.get("/api/v1/recommendations?body=mig-b").json()["count"] == 0
    assert client.get("/api/v1/risks/dashboard").json()["totals"]["total"] == 2


def test_other_bodys_items_are_404_everywhere(client: Client, world: World) -> None:
    login(client, world.officer_a)
    assert client.get(STAFF + "recommendations/B1/").status_code == 404
    assert client.post(STAFF + "recommendations/B1/act/", {"action": "accept"}).status_code == 404
    assert client.get("/api/v1/recommendations/B1").status_code == 404
    assert Recommendation.objects.get(code="B1").status == Status.ISSUED
    login(client, world.officer_b)
    assert client.get(STAFF + "recommendations/B1/").status_code == 200


def test_officer_acts_through_the_form(client: Client, world: World, media: object) -> None:
    login(client, world.officer_a)
    page = client.get(STAFF + "recommendations/A1/").content.decode()
    assert 'value="accept"' in page and 'value="verify"' not in page
    response = client.post(STAFF + "recommendations/A1/act/", {"action": "accept", "comment": ""})
    assert response.status_code == 302
    assert Recommendation.objects.get(code="A1").status == Status.ACCEPTED
    # a report without a document is refused with a message, and nothing changes
    client.post(STAFF + "recommendations/A2/act/", {"action": "report", "comment": "done"})
    assert Recommendation.objects.get(code="A2").status == Status.IN_PROGRESS
    page = client.get(STAFF + "recommendations/A2/").content.decode()
    assert "needs at least one document" in page
    upload = SimpleUploadedFile("proof.pdf", b"%PDF proof")
    client.post(STAFF + "recommendations/A2/act/",
                {"action": "report", "comment": "done", "document_reference": "Order 5", "document_file": upload})
    assert Recommendation.objects.get(code="A2").status == Status.REPORTED
    # the body cannot verify its own report, even by posting the action by hand
    client.post(STAFF + "recommendations/A2/act/", {"action": "verify", "comment": "self"})
    assert Recommendation.objects.get(code="A2").status == Status.REPORTED
    detail = client.get("/api/v1/recommendations/A2").json()
    assert detail["history"][-1]["status_to"] == "reported" and detail["history"][-1]["evidence"] == ["Order 5"]
    assert detail["overdue"] is False  # reported after the deadline: no longer overdue


def test_analyst_verifies_and_downloads_evidence(client: Client, world: World, media: object) -> None:
    login(client, world.officer_a)
    client.post(STAFF + "recommendations/A2/act/", {"action": "report", "comment": "done", "document_reference": "",
                                                    "document_file": SimpleUploadedFile("p.pdf", b"%PDF p")})
    login(client, world.analyst)
    page = client.get(STAFF + "recommendations/A2/").content.decode()
    assert 'value="verify"' in page and 'value="accept"' not in page
    client.post(STAFF + "recommendations/A2/act/", {"action": "verify"})
    assert Recommendation.objects.get(code="A2").status == Status.VERIFIED
    evidence_id = Recommendation.objects.get(code="A2").evidence.get().pk
    assert client.get(f"{STAFF}evidence/{evidence_id}/").status_code == 200
    login(client, world.officer_b)
    assert client.get(f"{STAFF}evidence/{evidence_id}/").status_code == 404


def test_list_filters_and_json_twin(client: Client, world: World) -> None:
    login(client, world.analyst)
    response = client.get(STAFF + "recommendations/?overdue=true")
    assert "A2" in response.content.decode() and "/api/v1/recommendations?overdue=true" in response["Link"]
    data = client.get("/api/v1/recommendations?overdue=true").json()
    assert [r["code"] for r in data["results"]] == ["A2"] and data["results"][0]["overdue"] is True
    # the sector is the analysis's sector: B1 went to a migration body from a transport analysis
    assert client.get("/api/v1/recommendations?sector=transport_control").json()["count"] == 3
    assert client.get("/api/v1/recommendations?sector=migration_services").json()["count"] == 0
    assert client.get("/api/v1/recommendations?body=mig-b").json()["count"] == 1
    assert client.get("/api/v1/recommendations?status=in_progress").json()["count"] == 1


def test_token_with_scope_reads_all(client: Client, world: World) -> None:
    issued = tokens.issue("analytics", ["risks:read"])
    response = client.get("/api/v1/recommendations", headers={"Authorization": f"Bearer {issued.plaintext}"})
    assert response.status_code == 200 and response.json()["count"] == 3
    other = tokens.issue("other", ["screen"])
    response = client.get("/api/v1/recommendations", headers={"Authorization": f"Bearer {other.plaintext}"})
    assert response.status_code == 403


def test_export_is_scoped_to_the_body(client: Client, world: World) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    login(client, world.officer_a)
    response = client.get(STAFF + "export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("recommendation_code")
    codes = {row[column] for row in rows[1:]}
    assert codes == {"A1", "A2"}


def test_openapi_lists_the_risks_endpoints(client: Client, db: None) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/risks/summary", "/api/v1/recommendations", "/api/v1/risks/dashboard"} <= set(paths)


def test_analyst_imports_through_the_page(client: Client, world: World) -> None:
    header = ("analysis_code,analysis_kind,analysis_title,sector,period_start,period_end,finding_code,"
              "finding_category,finding_subject,finding_severity,recommendation_code,recommendation_text,"
              "responsible_body,deadline,indicator,issued_on\n")
    good = header + "ea-9,external,T,transport_control,2025-01-01,2025-12-31,F1,discretion,S,high,R-9,Do,trn-a,2026-12-31,I,2026-01-10\n"
    bad = header + "ea-9,external,T,transport_control,2025-01-01,2025-12-31,F1,discretion,S,high,R-9,Do,zzz,2026-12-31,I,2026-01-10\n"
    login(client, world.officer_a)
    assert client.get(STAFF + "import/").status_code == 403  # bodies do not import
    login(client, world.analyst)
    assert "Import from CSV or XLSX" in client.get(STAFF).content.decode()
    response = client.post(STAFF + "import/", {"file": SimpleUploadedFile("r.csv", bad.encode())})
    assert response.status_code == 400
    assert "row 2, column responsible_body: unknown body" in response.content.decode()
    assert not Recommendation.objects.filter(code="R-9").exists()
    response = client.post(STAFF + "import/", {"file": SimpleUploadedFile("r.csv", good.encode())})
    assert response.status_code == 302 and Recommendation.objects.get(code="R-9").body == world.body_a


def test_public_outputs_never_show_comments_evidence_or_team(client: Client, world: World) -> None:
    from adaldyq.core.models import HistoryEvent
    from adaldyq.risks import services

    services.change_status("A2", world.officer_a, "report", comment="Internal note 77",
                           documents=[services.Document("Secret order 12")])
    event = HistoryEvent.objects.get(stream="risks", subject_id="A2")
    assert "Internal note 77" not in str(event.public) and "Secret order 12" not in str(event.public)
    assert event.document == "" and event.private["evidence"][0]["reference"] == "Secret order 12"
    for url in ("/en/risks/", "/kk/risks/", "/api/v1/risks/summary"):
        text = client.get(url).content.decode()
        for secret in ("Internal note 77", "Secret order 12", "Secret Analyst Name", "officer_a", "Do A2."):
            assert secret not in text, (url, secret)


def test_analysis_titles_in_the_readers_language_or_marked(client: Client, world: World) -> None:
    world.analysis.title_ru = "Анализ первый"
    world.analysis.save()
    assert "<th scope=\"row\">Анализ первый<br>" in client.get("/ru/risks/").content.decode()
    kazakh = client.get("/kk/risks/").content.decode()
    assert '<span lang="ru">Анализ первый</span> <small class="lang-fallback">(орысша)</small>' in kazakh
    twin = client.get("/api/v1/risks/summary?lang=kk").json()
    assert [(a["title"], a["title_lang"]) for a in twin["analyses"]] == [("Анализ первый", "ru")]


def test_counts_and_rates_are_written_as_the_language_writes_them() -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    totals = {"total": 2116, "rate": 36.1, "reported": 157, "in_progress": 1519, "overdue": 742,
              "not_implemented": 177}
    with translation.override("ru"):
        html = render_to_string("risks/_kpis.html", {"totals": totals})
    assert '<div class="value">2\xa0116</div>' in html and '<div class="value">36,1\xa0%</div>' in html
    with translation.override("en"):
        assert '<div class="value">2,116</div>' in render_to_string("risks/_kpis.html", {"totals": totals})
