"""Read-only admin views of the screening lists and the screening log.

Lists change only through `adaldyq lists load` (checked whole, one transaction); the
log is a record and is never edited. Screened names are not shown here at all.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from adaldyq.screening.models import Screening, ScreeningList


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScreeningList)
class ScreeningListAdmin(ReadOnly):
    list_display = ("name", "kind", "entry_count", "source", "loaded_at", "loaded_by")


@admin.register(Screening)
class ScreeningAdmin(ReadOnly):
    list_display = ("at", "channel", "who", "query_count", "match_count", "review_count", "names_purged_at")
    list_filter = ("channel",)
    exclude = ("user", "token")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
