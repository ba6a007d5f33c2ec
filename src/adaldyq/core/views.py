"""Site-wide pages: the home page, the staff home, health."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from adaldyq.core import roles


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    sections = [
        ("register", roles.has_role(user, roles.REGISTRAR, roles.APPROVER, roles.ADMINISTRATOR)),
        ("screening", roles.has_role(user, roles.SCREENING_OFFICER, roles.REGISTRAR, roles.ADMINISTRATOR)),
        ("recovery", roles.has_role(user, roles.RECOVERY_OFFICER, roles.FUND_OFFICER, roles.ADMINISTRATOR)),
        ("procurement", roles.has_role(user, roles.PROCUREMENT_ANALYST, roles.ADMINISTRATOR)),
        ("risks", roles.has_role(user, roles.RISK_ANALYST, roles.BODY_OFFICER, roles.ADMINISTRATOR)),
        ("cooperation", roles.has_role(user, roles.COOPERATION_OFFICER, roles.ADMINISTRATOR)),
    ]
    return render(request, "core/staff_home.html", {"sections": dict(sections)})


def favicon(request: HttpRequest) -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page says; pages link the SVG."""
    response = FileResponse((Path(__file__).parent / "static" / "core" / "favicon.ico").open("rb"),
                            content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
