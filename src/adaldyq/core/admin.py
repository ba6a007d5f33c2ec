"""Admin for platform tables. History is shown read-only: it is append-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from adaldyq.core import tokens
from adaldyq.core.models import ApiCall, ApiToken, HistoryEvent, SiteFlag


@admin.register(HistoryEvent)
class HistoryEventAdmin(admin.ModelAdmin):
    list_display = ("stream", "seq", "action", "subject_type", "subject_id", "occurred_on", "recorded_at", "source")
    list_filter = ("stream", "action")
    search_fields = ("subject_id", "document", "hash")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued here; the secret is shown once, right after saving."""

    list_display = ("name", "prefix", "scopes", "rate_per_minute", "partner_id", "active", "created_at")
    fields = ("name", "scopes", "rate_per_minute", "owner", "partner_id", "active")
    list_filter = ("active",)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        issued = tokens.issue(
            obj.name, list(obj.scopes or []), rate_per_minute=obj.rate_per_minute, owner_id=obj.owner_id,
            partner_id=obj.partner_id, created_by_id=request.user.pk,
        )
        obj.pk = issued.token.pk
        obj.prefix, obj.secret_hash = issued.token.prefix, issued.token.secret_hash
        messages.warning(request, f"Token issued. Copy it now, it is not shown again: {issued.plaintext}")


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ("at", "token", "method", "path", "scope", "status")
    list_filter = ("scope", "status")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(SiteFlag)
admin.site.site_header = "Adaldyq administration"
