"""Admin for platform tables. History is shown read-only: it is append-only."""

from __future__ import annotations

from typing import Any

from django import forms
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


class ApiTokenForm(forms.ModelForm):
    """Internal tokens only, with internal scopes: partner tokens are issued on the
    partner's page (or `adaldyq tokens issue --partner`), within its agreement."""

    class Meta:
        model = ApiToken
        fields = ("name", "scopes", "rate_per_minute", "daily_names", "owner", "active")

    def clean_scopes(self) -> list[str]:
        scopes = list(self.cleaned_data.get("scopes") or [])
        unknown = sorted(set(scopes) - set(tokens.INTERNAL_SCOPES))
        if unknown or not scopes:
            raise forms.ValidationError(f"Give internal scopes only ({', '.join(tokens.INTERNAL_SCOPES)}); "
                                        "partner tokens are issued on the partner's page.")
        return scopes


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Internal tokens are issued here; the secret is shown once, right after saving.
    Scopes and partner cannot be changed afterwards: issue a new token instead."""

    form = ApiTokenForm
    list_display = ("name", "prefix", "scopes", "rate_per_minute", "daily_names", "partner_id", "active", "created_at")
    list_filter = ("active",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("scopes", "partner_id", "owner") if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("name", "scopes", "rate_per_minute", "daily_names", "owner", "partner_id", "active") if obj else (
            "name", "scopes", "rate_per_minute", "daily_names", "owner")

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        issued = tokens.issue_internal(
            obj.name, list(obj.scopes or []), rate_per_minute=obj.rate_per_minute, daily_names=obj.daily_names,
            owner_id=obj.owner_id, created_by_id=request.user.pk,
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
