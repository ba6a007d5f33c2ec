"""Admin for the catalogue, expungement periods and the publication policy.

Saving any of them recomputes every entry's publication window, so a change of
rule shows on the public register at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from adaldyq.register import publication
from adaldyq.register.models import Article, ExpungementPeriod, RegisterPolicy


class RecomputeOnSave(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = publication.recompute_all()
        self.message_user(request, f"Publication recomputed: {changed} entr(ies) changed.")


@admin.register(Article)
class ArticleAdmin(RecomputeOnSave):
    list_display = ("code", "title_en", "gravity", "is_corruption", "bribery_form", "effective_from", "effective_to")
    list_filter = ("is_corruption", "gravity", "bribery_form")
    search_fields = ("code", "title_en", "title_ru", "title_kk")


@admin.register(ExpungementPeriod)
class ExpungementPeriodAdmin(RecomputeOnSave):
    list_display = ("rule", "years", "description")


@admin.register(RegisterPolicy)
class RegisterPolicyAdmin(RecomputeOnSave):
    list_display = ("__str__", "publish_grave", "publish_especially_grave", "publish_medium", "publish_minor", "publish_all_bribery")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RegisterPolicy.objects.exists()
