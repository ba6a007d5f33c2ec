"""Administration of the catalogues (sectors, bodies, who belongs to which body) and of
analyses with their reports and findings. Recommendation statuses are not edited here:
they change only through the workflow, which records each change in the history."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from adaldyq.risks.models import Analysis, Body, BodyMembership, Finding, Recommendation, Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ru", "name_kk", "position")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "sector")
    list_filter = ("sector",)
    search_fields = ("code", "name_kk", "name_ru", "name_en")


@admin.register(BodyMembership)
class BodyMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "body")
    list_filter = ("body__sector",)
    search_fields = ("user__username", "body__code")
    autocomplete_fields = ("body",)


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ("code", "category", "subject_kind", "subject", "severity")


@admin.register(Analysis)
class AnalysisAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "sector", "body", "period_end", "report_published")
    list_filter = ("kind", "sector", "report_published")
    search_fields = ("code", "title_kk", "title_ru", "title_en")
    readonly_fields = ("report_sha256",)
    inlines = [FindingInline]

    def save_model(self, request: HttpRequest, obj: Analysis, form: Any, change: bool) -> None:
        if "report" in form.changed_data and obj.report:
            digest = hashlib.sha256()
            for chunk in obj.report.chunks():
                digest.update(chunk)
            obj.report_sha256 = digest.hexdigest()
        super().save_model(request, obj, form, change)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    """Read-only here: the status moves through the staff pages, with evidence and history."""

    list_display = ("code", "body", "deadline", "status")
    list_filter = ("status", "finding__analysis__sector")
    search_fields = ("code", "text")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # recommendations come in through the import, which records them in the history

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
