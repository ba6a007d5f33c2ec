"""URL map. Public pages carry a language prefix (/kk/, /ru/, /en/); the API,
exports and admin do not. Each part of Adaldyq brings its own `urls.py` (public
pages) and `staff_urls.py` (staff pages) and
`export_urls.py` (open-data files under /exports/)."""

from importlib import import_module

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from adaldyq.api import build_api
from adaldyq.core import views as core_views

# Error pages in the reader's language and the site layout; JSON under /api/.
handler400 = "adaldyq.core.errors.bad_request"
handler403 = "adaldyq.core.errors.permission_denied"
handler404 = "adaldyq.core.errors.page_not_found"
handler500 = "adaldyq.core.errors.server_error"

PARTS = {
    "register": "register",
    "screening": "screening",
    "recovery": "assets",
    "procurement": "procurement",
    "risks": "risks",
    "cooperation": "cooperation",
}


def _optional(module: str) -> list[URLPattern | URLResolver]:
    try:
        return list(getattr(import_module(module), "urlpatterns", []))
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return []


def _part_urls(kind: str) -> list[URLPattern | URLResolver]:
    """Public pages at <prefix>/ (namespace = app), staff pages at staff/<prefix>/ (staff_<app>)."""
    patterns: list[URLPattern | URLResolver] = []
    for app, prefix in PARTS.items():
        found = _optional(f"adaldyq.{app}.{kind}")
        if found and kind == "urls":
            patterns.append(path(f"{prefix}/", include((found, app))))
        elif found:
            patterns.append(path(f"staff/{prefix}/", include((found, f"staff_{app}"))))
    return patterns


# The one NinjaAPI instance: tests enumerate its endpoints from here.
api = build_api()

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("health", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("exports/", include([p for app in PARTS for p in _optional(f"adaldyq.{app}.export_urls")])),
]
urlpatterns += i18n_patterns(
    path("", include("adaldyq.core.urls")),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", include(([path("", core_views.staff_home, name="home")], "staff"))),
    *_part_urls("staff_urls"),
    *_part_urls("urls"),
    prefix_default_language=True,
)
