"""The machine API at /api/v1/, described by /api/v1/openapi.json.

Each part of Adaldyq contributes one router from its own `api.py`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

ROUTERS = [
    ("/register", "adaldyq.register.api"),
    ("/", "adaldyq.screening.api"),
    ("/", "adaldyq.recovery.api"),
    ("/procurement", "adaldyq.procurement.api"),
    ("/", "adaldyq.risks.api"),
    ("/cooperation", "adaldyq.cooperation.api"),
    ("/log", "adaldyq.transparency.api"),
]


# Plain views outside /api/v1/ that are still part of the public interface (their
# descriptions live in the named modules' PATHS).
EXTRA_PATHS = ["adaldyq.transparency.openapi"]


class AdaldyqAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
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
    for prefix, module in ROUTERS:
        router = getattr(import_module(module), "router", None)
        if router is not None:
            api.add_router(prefix, router)
    return api
