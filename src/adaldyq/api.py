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
]


class AdaldyqAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document also lists the platform's error responses."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return openapi.with_error_responses(super().get_openapi_schema(**kwargs))


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
