"""Staff pages: role checks, every page and its JSON twin from the same data, forms
that call the services, token issuing for administrators only, package upload."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from adaldyq.cooperation import demo, ftm, package, services
from adaldyq.cooperation.models import CooperationRequest, ExchangePackage, Partner
from adaldyq.core.models import ApiToken

pytestmark = pytest.mark.django_db
BASE = "/en/staff/cooperation/"


@pytest.fixture
def staff(client: Client, officer: Any) -> Client:
    client.force_login(officer)
    return client


def test_pages_need_the_cooperation_role(client: Client, make_officer: Any) -> None:
    assert client.get(BASE).status_code == 302
    client.force_login(make_officer("registrar1", "registrar"))
    for path in ("", "dashboard.json", "requests/", "partners/", "packages/"):
        assert client.get(BASE + path).status_code == 403


def test_staff_home_links_to_the_dashboard(staff: Client) -> None:
    assert BASE.encode() in staff.get("/en/staff/").content


def test_demo_pages_and_json_twins(staff: Client, agency_key: Any) -> None:
    summary = demo.load(seed=1)
    assert "8 partners" in summary and "1 package imported" in summary
    assert demo.load(seed=1) == "cooperation: demo data already present"
    statuses = set(CooperationRequest.objects.values_list("status", flat=True))
    assert {"draft", "sent", "received", "answered", "closed"} <= statuses
    assert len(set(Partner.objects.values_list("country", flat=True))) >= 6
    page = staff.get(BASE)
    assert page.status_code == 200 and page["Link"].startswith(f"<{BASE}dashboard.json?lang=en>")
    data = staff.get(BASE + "dashboard.json").json()
    assert data["totals"]["requests"] == CooperationRequest.objects.count()
    assert {row["country"] for row in data["by_country"]} >= {"VN", "GB", "CH"}
    assert sum(a["open"] for a in data["by_age"]) == data["totals"]["open"]
    request = CooperationRequest.objects.order_by("reference").first()
    assert request is not None
    pkg = ExchangePackage.objects.get()
    partner = Partner.objects.get(code="VN-DEMO-INSP")
    for html, twin in [("requests/?status=open", "requests.json?status=open"),
                       (f"requests/{request.reference}/", f"requests/{request.reference}.json"),
                       ("partners/", "partners.json"),
                       (f"partners/{partner.code}/", f"partners/{partner.code}.json"),
                       ("packages/", "packages.json"),
                       (f"packages/{pkg.package_id}/", f"packages/{pkg.package_id}.json")]:
        response = staff.get(BASE + html)
        assert response.status_code == 200, html
        assert response.content.count(b"<h1") == 1
        assert staff.get(BASE + twin).status_code == 200, twin
    detail = staff.get(f"{BASE}requests/{request.reference}.json").json()
    assert detail["reference"] == request.reference and detail["history"]


def test_create_and_move_a_request_through_the_forms(staff: Client, vietnam: Partner, officer: Any) -> None:
    response = staff.post(BASE + "requests/new/", {
        "direction": "outgoing", "kind": "information", "partner": vietnam.pk, "legal_basis": "MoU art. 3",
        "due_on": "2027-01-15", "summary": "Who owns the villa?",
    })
    assert response.status_code == 302
    request = CooperationRequest.objects.get()
    url = f"{BASE}requests/{request.reference}/"
    assert response["Location"].endswith(url.replace("/en/", "/kk/")) or response["Location"].endswith(url)
    assert staff.post(url + "subjects/", {"subject-kind": "company", "subject-name": "Demo Holding",
                                          "subject-country": "VN"}).status_code == 302
    refused = staff.post(url + "move/", {"move-target": "sent"})
    assert refused.status_code == 400 and b"needs the document" in refused.content
    moved = staff.post(url + "move/", {"move-target": "sent", "move-doc_title": "Letter",
                                       "move-doc_dated": "2026-11-20", "move-doc_number": "12/345"})
    assert moved.status_code == 302
    request.refresh_from_db()
    assert request.status == "sent" and request.documents.get().number == "12/345"
    assert staff.post(BASE + "requests/new/", {"direction": "outgoing"}).status_code == 400


def test_tokens_are_issued_by_administrators_within_the_agreement(client: Client, officer: Any,
                                                                  make_officer: Any, turkey: Partner) -> None:
    url = f"{BASE}partners/{turkey.code}/tokens/"
    client.force_login(officer)
    assert client.post(url, {"scopes": ["partner:requests:read"], "rate_per_minute": 10}).status_code == 403
    client.force_login(make_officer("admin1", "administrator"))
    refused = client.post(url, {"scopes": ["partner:register:read"], "rate_per_minute": 10})
    assert refused.status_code == 400 and b"No agreement in force" in refused.content
    issued = client.post(url, {"scopes": ["partner:requests:read"], "rate_per_minute": 10})
    assert issued.status_code == 200 and b"not shown again" in issued.content
    token = ApiToken.objects.get(partner_id=turkey.pk)
    assert token.scopes == ["partner:requests:read"] and token.rate_per_minute == 10
    assert client.post(f"{url}{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert not token.active


def test_package_upload_checks_then_imports(staff: Client, agency_key: Any, vietnam: Partner,
                                            partner_keys: dict) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = package.build([ftm.person("vn-1", "Nguyen Demo")], sender="VN-GI", recipient="KZ-ACA", sequence=1,
                         key=partner_keys["VN-GI"]).data

    def upload(blob: bytes, action: str) -> Any:
        return staff.post(BASE + "packages/", {"file": SimpleUploadedFile("p.zip", blob), "action": action})

    bad = bytearray(data)
    bad[100] ^= 1
    refused = upload(bytes(bad), "import")
    assert refused.status_code == 400 and b"Refused" in refused.content
    assert upload(data, "verify").status_code == 200
    assert ExchangePackage.objects.count() == 0
    assert upload(data, "import").status_code == 302
    assert list(services.package_entities(ExchangePackage.objects.get().package_id))[0]["id"] == "vn-1"


def test_request_pages_for_another_reference_are_404(staff: Client, db: Any) -> None:
    assert staff.get(BASE + "requests/OUT-1999-0001/").status_code == 404
    assert staff.get(BASE + "requests/OUT-1999-0001.json").status_code == 404


def test_request_detail_shows_assets_abroad(staff: Client, vietnam: Partner, officer: Any,
                                            make_recovery_asset: Any) -> None:
    asset = make_recovery_asset("AE")
    request = services.create_request(direction="outgoing", kind="asset_tracing", partner=vietnam,
                                      legal_basis="MoU", actor_id=officer.pk, due_on=dt.date(2020, 1, 1))
    services.add_subject(request, kind="asset", name="Villa", asset_id=asset.pk, actor_id=officer.pk)
    body = staff.get(f"{BASE}requests/{request.reference}/").content.decode()
    assert asset.reference in body and "days overdue" in body
    assert "000000000000" not in body
    waiting = staff.get(BASE + "dashboard.json").json()["assets_waiting"]
    assert waiting == [{"asset": asset.reference, "url": asset.get_absolute_url(), "country": "AE",
                        "country_name": "United Arab Emirates", "asset_status": asset.status,
                        "requests": [{"reference": request.reference, "url": request.get_absolute_url(),
                                      "status": "draft", "status_label": "Draft", "overdue": True}]}]
