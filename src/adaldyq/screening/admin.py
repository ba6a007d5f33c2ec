"""Read-only admin views of the screening lists, the screening log, the daily
quota counts and the enumeration flags.

Lists change only through `adaldyq lists load` (checked whole, one transaction); the
log, the counts and the flags are records and are never edited. Screened names are
not shown here at all, nor anything of the names behind a flag.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from adaldyq.screening.models import DailyNames, EnumerationFlag, Screening, ScreeningList


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


class Record(ReadOnly):
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DailyNames)
class DailyNamesAdmin(Record):
    list_display = ("day", "token", "names")
    list_filter = ("day",)
    list_select_related = ("token",)


@admin.register(EnumerationFlag)
class EnumerationFlagAdmin(Record):
    """For administrators: which token asked about one name with many birth dates or
    IINs, on which day, how many, in which screenings. Revoke the token
    (`adaldyq tokens revoke PREFIX`) if the pattern is not explained."""

    list_display = ("day", "token", "birth_dates", "iins", "queries", "raised_at", "updated_at")
    list_filter = ("day",)
    list_select_related = ("token",)
    fields = ("day", "token", "birth_dates", "iins", "queries", "raised_at", "updated_at", "screening_list")
    readonly_fields = fields

    @admin.display(description="screenings")
    def screening_list(self, obj: EnumerationFlag) -> str:
        return ", ".join(f"#{s.pk} {s.at:%Y-%m-%d %H:%M} ({s.query_count} names)" for s in obj.screenings.all())
