"""The error responses every API operation can give, added to the OpenAPI document.

django-ninja documents what each endpoint declares; the errors that come from the
platform are the same everywhere, so they are added here once (issue 10: 401, 403,
404, 410, 422 were undocumented): 400 (bad input, `core.api_errors`), 404 (the id or
run asked for does not exist), 422 (parameters or body that fail their schema) on
every operation; 401, 403 and 429 on those that take a token. Codes an endpoint
declares itself (such as 410 for a removed register entry) are kept as declared.
Pure: a dict in, the same dict out.
"""

from __future__ import annotations

from typing import Any

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"],
         "title": "Error"}
VALIDATION_ERROR = {"type": "object", "required": ["detail"], "title": "ValidationError",
                    "properties": {"detail": {"type": "array", "items": {"type": "object"}}}}
EVERY_OPERATION = {
    400: ("Error", "Bad input: a value out of range, NUL characters, or a rule of this endpoint (named)"),
    404: ("Error", "Not found: the entry, run or page asked for does not exist"),
    422: ("ValidationError", "Parameters or body that do not fit their schema, each problem listed"),
}
WITH_TOKEN = {
    401: ("Error", "No token, or not a valid one"),
    403: ("Error", "The token lacks the scope, is a partner's token on an internal endpoint, or the "
                     "partner's agreement in force does not cover the scope"),
    429: ("Error", "The token's rate limit per minute is reached"),
}


def _response(component: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}}


def with_error_responses(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            wanted = {**EVERY_OPERATION, **(WITH_TOKEN if operation.get("security") else {})}
            for code, (component, description) in wanted.items():
                # ninja keys responses by int; a document loaded from JSON has strings
                key = code if code in responses or str(code) not in responses else str(code)
                declared = responses.get(key)
                if declared is None:
                    responses[key] = _response(component, description)
                elif "content" not in declared:
                    declared.update(_response(component, declared.get("description") or description))
    return document
