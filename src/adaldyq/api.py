"""The machine API at /api/v1/, described by /api/v1/openapi.json.

Each part of Adaldyq contributes one router from its own `api.py`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ninja import NinjaAPI

from adaldyq.core import api_errors, openapi

ROUTERS = [
    ("/register", "adaldyq.register.api"),
    ("/", "adaldyq.screening.api"),
    ("/", "adaldyq.recovery.api"),
    ("/procurement", "adaldyq.procurement.api"),
    ("/", "adaldyq.risks.api"),
    ("/cooperation", "adaldyq.cooperation.api"),
    # Staff decisions of maker-checker, with a session or a personal token.
    ("/register", "adaldyq.register.approval_api"),
    ("/", "adaldyq.recovery.approval_api"),
    ("/log", "adaldyq.transparency.api"),
]


# Plain views outside /api/v1/ that are still part of the public interface (their
# descriptions, with their own responses, live in the named modules' PATHS).
EXTRA_PATHS = ["adaldyq.transparency.openapi"]


class AdaldyqAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document lists the platform's error responses on every
    API operation (core.openapi), and describes the plain views of EXTRA_PATHS too."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = openapi.with_error_responses(super().get_openapi_schema(**kwargs))
        for module in EXTRA_PATHS:
            schema["paths"].update(import_module(module).PATHS)
        return schema


def build_api() -> NinjaAPI:
    api = AdaldyqAPI(
        title="Adaldyq API",
        version="1",
        description=(
            "Public register of corruption offenders, screening, asset recovery and the fund, "
            "procurement risk, corruption-risk recommendations, international cooperation. "
            "Public endpoints need no authentication; others take a Bearer token."
        ),
        urls_namespace="api",
        openapi_url="/openapi.json",
        docs_url="/docs",
    )
    api_errors.install(api)
    for prefix, module in ROUTERS:
        router = getattr(import_module(module), "router", None)
        if router is not None:
            api.add_router(prefix, router)
    return api
