"""Platform tables shared by every part of Adaldyq.

- `HistoryEvent`: the append-only, hash-chained history of every change, one chain
  per stream ("register", "recovery", "risks", ...). See `history.py`.
- `SiteFlag`: small switches the site reads, such as demo mode.
- `ApiToken`, `TokenWindow`, `ApiCall`: tokens for the machine API, their rate-limit
  windows and the log of every call made with them. (A token's daily quota of
  screened names is counted in `screening.DailyNames`.)
- `RateCount`: per-address request counts of the public site (see `ratelimits.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class ChainHead(models.Model):
    """The last sequence number and hash of one stream; locked while appending."""

    stream = models.CharField(max_length=40, unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq}"


class HistoryEvent(models.Model):
    """One change. Rows are never updated or deleted (database triggers refuse it)."""

    stream = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=64)
    action = models.CharField(max_length=60)
    occurred_on = models.DateField(null=True, blank=True, help_text="Legal date of the event, if any.")
    recorded_at = models.DateTimeField()
    ground = models.CharField(max_length=200, blank=True)
    document = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="'staff' or the feed file it came from.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    public = models.JSONField(default=dict, blank=True, help_text="Fields anyone may see.")
    private = models.JSONField(default=dict, blank=True, help_text="Internal details; only their digest is public.")
    private_digest = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="history_stream_seq_unique")]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="history_subject_idx")]
        ordering = ["stream", "seq"]

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.action} {self.subject_type}:{self.subject_id}"


class SiteFlag(models.Model):
    name = models.CharField(max_length=40, unique=True)
    value = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class ApiToken(models.Model):
    """A token for the machine API. Only a hash of the secret is stored."""

    name = models.CharField(max_length=120)
    prefix = models.CharField(max_length=12, unique=True, help_text="Public part, shown in logs.")
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list, help_text='For example ["screen", "register:read"].')
    rate_per_minute = models.PositiveIntegerField(default=60)
    daily_names = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="Names this token may screen per Asia/Almaty day; empty = ADALDYQ_SCREEN_DAILY_QUOTA.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="api_tokens"
    )
    partner_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The foreign partner agency this token belongs to, if any."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class TokenWindow(models.Model):
    """Calls made with one token in one minute: a fixed-window rate limit that
    holds across server processes because it lives in the database."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE)
    window = models.DateTimeField()
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "window"], name="token_window_unique")]

    def __str__(self) -> str:
        return f"{self.token_id} @ {self.window:%Y-%m-%d %H:%M}: {self.calls}"


class RateCount(models.Model):
    """Requests one address made in the current fixed window of one limit ("search:1.2.3.4").
    One row per key, reused window after window; counted by one atomic upsert
    (`ratelimits.count`). On PostgreSQL the table is UNLOGGED: a count is worth
    nothing after a crash, and not writing it to the WAL keeps a public request cheap."""

    key = models.CharField(max_length=80, primary_key=True)
    window_ends = models.BigIntegerField(help_text="Unix time at which the window closes.")
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.key}: {self.count} until {self.window_ends}"


class ApiCall(models.Model):
    """Every authenticated API call: who, which scope, what was asked and returned."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    scope = models.CharField(max_length=40)
    status = models.PositiveSmallIntegerField()
    returned = models.JSONField(default=dict, blank=True, help_text="What was returned, in summary.")

    class Meta:
        indexes = [models.Index(fields=["token", "at"], name="apicall_token_at_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.status})"
