"""Screening lists, their entries, and the log of every screening.

- `ScreeningList` / `ListEntry`: lists an administrator loaded (sanctions, debarment
  exports, an imported cooperation package). The register is *not* copied here: it
  is read live at screening time (`engine.register_index`).
- `Screening`: one screening (who, when, which channel, which lists, how many names,
  how many matches). Kept.
- `ScreenedName`: the names asked in one screening. Deleted by `adaldyq screening
  purge` after ADALDYQ_SCREENING_RETENTION_DAYS; the `Screening` row stays.
- `DailyNames`: how many names one token screened on one Asia/Almaty day (the
  daily quota, `quotas.py`).
- `EnumerationFlag`: one token asked about one name with many different birth dates
  or IINs on one day (`enumeration.py`). Holds counts and a keyed digest of the
  name, never the dates, IINs or the name itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ScreeningList(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "persons"
        COMPANY = "company", "companies"
        MIXED = "mixed", "persons and companies"

    name = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.CharField(max_length=300, help_text="File name or 'package:<id>' it was loaded from")
    fingerprint = models.CharField(max_length=64, help_text="Hash of the loaded entries; an equal re-load is a no-op")
    loaded_at = models.DateTimeField()
    loaded_by = models.CharField(max_length=150, blank=True)
    entry_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.entry_count})"


class ListEntry(models.Model):
    class Schema(models.TextChoices):
        PERSON = "Person", "Person"
        COMPANY = "Company", "Company"

    screening_list = models.ForeignKey(ScreeningList, on_delete=models.CASCADE, related_name="entries")
    entry_id = models.CharField(max_length=200)
    schema = models.CharField(max_length=10, choices=Schema.choices)
    name = models.CharField(max_length=500)
    aliases = models.JSONField(default=list, blank=True)
    birth_date = models.DateField(null=True, blank=True)  # used for matching, never shown
    id_number = models.CharField(max_length=12, blank=True, help_text="IIN or BIN; used for matching, never shown")
    countries = models.JSONField(default=list, blank=True)
    raw = models.JSONField(default=dict, blank=True, help_text="The row or entity as loaded")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["screening_list", "entry_id"], name="listentry_unique")]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.name}"


class Screening(models.Model):
    class Channel(models.TextChoices):
        CLI = "cli", "command line"
        API = "api", "API"
        STAFF = "staff", "staff page"

    at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    token = models.ForeignKey("core.ApiToken", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    who = models.CharField(max_length=150, help_text="User name, token prefix, or the account that ran the command")
    lists = models.JSONField(default=list)
    threshold = models.FloatField()
    query_count = models.PositiveIntegerField()
    match_count = models.PositiveIntegerField(help_text="Results at or above the threshold")
    review_count = models.PositiveIntegerField(default=0, help_text="Possible matches in the review band")
    names_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.channel} {self.who}: {self.query_count} name(s)"


class ScreenedName(models.Model):
    """One name asked; deleted after the retention period."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="names")
    query_id = models.CharField(max_length=200)
    name = models.CharField(max_length=500)
    birth_date = models.DateField(null=True, blank=True)
    id_number = models.CharField(max_length=12, blank=True)
    name_key = models.CharField(max_length=500, blank=True, db_index=True,
                                help_text="Script- and order-independent key of the name (enumeration.name_key)")

    def __str__(self) -> str:
        return self.query_id


class DailyNames(models.Model):
    """Names screened with one token on one Asia/Almaty calendar day."""

    token = models.ForeignKey("core.ApiToken", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    names = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "day"], name="dailynames_token_day_unique")]
        verbose_name_plural = "daily names"

    def __str__(self) -> str:
        return f"{self.token_id} on {self.day}: {self.names}"


class EnumerationFlag(models.Model):
    """One token asked about one name with many different birth dates or IINs in one day."""

    token = models.ForeignKey("core.ApiToken", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(help_text="Asia/Almaty calendar day")
    name_digest = models.CharField(max_length=64, help_text="Keyed hash of the name's key; not the name")
    birth_dates = models.PositiveIntegerField(help_text="Distinct birth dates asked with this name that day")
    iins = models.PositiveIntegerField(help_text="Distinct IINs/BINs asked with this name that day")
    queries = models.PositiveIntegerField(help_text="Queries with this name that day")
    raised_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    screenings = models.ManyToManyField(Screening, related_name="+", help_text="The screenings that asked")

    class Meta:
        ordering = ["-raised_at"]
        constraints = [models.UniqueConstraint(fields=["token", "day", "name_digest"],
                                               name="enumerationflag_unique")]

    def __str__(self) -> str:
        return f"{self.day} token {self.token_id}: {self.birth_dates} dates, {self.iins} IINs"
