"""Admin for partner agencies, their agreements and contact points. Requests and
packages change only through services (history), so they are read-only here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from adaldyq.cooperation import package, scopes
from adaldyq.cooperation.exceptions import ExchangeKeyError
from adaldyq.cooperation.models import (
    Agreement,
    ContactPoint,
    CooperationRequest,
    ExchangePackage,
    Partner,
)
from adaldyq.core.formatting import message


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ("kind", "title", "network", "scope", "api_scopes", "signed_on", "valid_from", "valid_until")

    def clean_api_scopes(self) -> list[str]:
        value = list(self.cleaned_data.get("api_scopes") or [])
        bad = scopes.unknown(value)
        if bad:
            raise forms.ValidationError(f"Unknown scope(s): {', '.join(bad)}. Use: {', '.join(scopes.PARTNER_SCOPES)}.")
        return value


class AgreementInline(admin.StackedInline):
    model = Agreement
    form = AgreementForm
    extra = 0


class ContactInline(admin.TabularInline):
    model = ContactPoint
    extra = 0


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ("code", "name", "country", "public_key", "active", "notes")

    def clean_public_key(self) -> str:
        text = (self.cleaned_data.get("public_key") or "").strip()
        if not text:
            return ""
        try:
            return package.public_key_text(package.parse_public_key(text))
        except ExchangeKeyError as exc:
            raise forms.ValidationError(message(exc)) from exc


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    form = PartnerForm
    list_display = ("code", "name", "country", "key_fingerprint", "active")
    search_fields = ("code", "name")
    inlines = [AgreementInline, ContactInline]

    def save_model(self, request: HttpRequest, obj: Partner, form: Any, change: bool) -> None:
        if "public_key" in form.changed_data:
            obj.key_fingerprint = package.fingerprint(obj.public_key) if obj.public_key else ""
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CooperationRequest)
class CooperationRequestAdmin(ReadOnlyAdmin):
    list_display = ("reference", "direction", "kind", "partner", "status", "opened_on", "due_on")
    list_filter = ("direction", "kind", "status")


@admin.register(ExchangePackage)
class ExchangePackageAdmin(ReadOnlyAdmin):
    list_display = ("package_id", "partner", "direction", "sequence", "entity_count", "recorded_at")
