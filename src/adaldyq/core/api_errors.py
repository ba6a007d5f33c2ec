"""The API answers every error in JSON, and bad input with 400, never 500.

Two parts (issue 10: `?year=99999999999999999999`, `?from=9999-12-31` and NUL bytes on
PostgreSQL gave 500s, and some API errors were Django's HTML pages):

* `install(api)` adds exception handlers to the NinjaAPI: a value the database or the
  calendar cannot hold (an int beyond 64 bits, a date past 9999-12-31) is the
  caller's mistake, so it is a 400 with `{"detail": ...}`; anything else unexpected is
  logged and answered as a JSON 500.
* `ApiJsonErrors` (middleware) refuses NUL characters anywhere in an API request
  (PostgreSQL cannot store them and SQLite treats them differently, so they are
  refused the same way on both), and turns any HTML error page under /api/ (an
  unknown path, a failure before the API runs) into JSON with the same status.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja import NinjaAPI

from adaldyq.core.errors import api_json

log = logging.getLogger(__name__)
API_PREFIX = "/api/"
OUT_OF_RANGE = "A number or date in the request is out of range."


def install(api: NinjaAPI) -> None:
    def out_of_range(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, {"detail": OUT_OF_RANGE}, status=400)

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, {"detail": "; ".join(exc.messages)}, status=400)

    def unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        log.exception("API error on %s", request.path)
        return api.create_response(request, {"detail": "Internal error; it was logged."}, status=500)

    api.add_exception_handler(OverflowError, out_of_range)
    api.add_exception_handler(DataError, out_of_range)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(Exception, unexpected)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "").lower():
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        body = request.body
        return b"\x00" in body or b"\\u0000" in body
    return False


class ApiJsonErrors:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if _has_nul(request):
            return api_json(400, "NUL characters are not accepted.")
        response = self.get_response(request)
        if response.status_code >= 400 and "json" not in response.get("Content-Type", ""):
            try:
                phrase = HTTPStatus(response.status_code).phrase
            except ValueError:
                phrase = "Error"
            return api_json(response.status_code, phrase)
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        log.exception("API error on %s", request.path)
        return api_json(500, "Internal error; it was logged.")
