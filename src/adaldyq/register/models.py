"""The register's tables. They store facts; `rules.py` decides what is public.

A *conviction* is one register entry (one verdict against one person); a person may
have several. `public_start`/`public_end` cache the publication window the rules
compute, so "public today" is an indexed query and an entry leaves the register on
its expungement date without any job having run.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from adaldyq.core.multilingual import Text, localized
from adaldyq.register import rules

GRAVITY_CHOICES = [(g.value, g.value.replace("_", " ")) for g in rules.Gravity]
PUNISHMENT_CHOICES = [(p.value, p.value.replace("_", " ")) for p in rules.Punishment]
BRIBERY_CHOICES = [(b.value, b.value.replace("_", " ")) for b in rules.BriberyForm]
REMOVAL_CHOICES = [(r.value, r.value.replace("_", " ")) for r in rules.Removal]


class Article(models.Model):
    """One article-part-item of the Criminal Code, as in force from `effective_from`.

    Versioned: a change in the code adds a row with a later `effective_from` and
    closes the old one with `effective_to`; verdicts use the version in force on the
    verdict date. Article numbers with a suffix (366-1) are written with a dot in
    codes (366.1-1 = article 366-1, part 1) so they cannot be read as a part.
    """

    code = models.CharField(max_length=20, help_text="article-part-item, e.g. 366-4 or 189-3-2")
    article = models.CharField(max_length=10)
    part = models.PositiveSmallIntegerField(null=True, blank=True)
    item = models.PositiveSmallIntegerField(null=True, blank=True)
    title_kk = models.CharField(max_length=300)
    title_ru = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    gravity = models.CharField(max_length=20, choices=GRAVITY_CHOICES)
    is_corruption = models.BooleanField()
    bribery_form = models.CharField(max_length=20, choices=BRIBERY_CHOICES, blank=True)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "effective_from"], name="article_version_unique")]
        ordering = ["code", "effective_from"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"

    def title(self, lang: str | None = None) -> str:
        lang = (lang or get_language() or "en")[:2]
        return {"kk": self.title_kk, "ru": self.title_ru}.get(lang, self.title_en)

    def facts(self) -> rules.ArticleFacts:
        return rules.ArticleFacts(
            code=self.code, is_corruption=self.is_corruption, gravity=rules.Gravity(self.gravity),
            bribery_form=rules.BriberyForm(self.bribery_form) if self.bribery_form else None,
        )


class ExpungementPeriod(models.Model):
    """Years after the end of the sentence until the record is expunged (CC art. 79)."""

    rule = models.CharField(max_length=40, unique=True, choices=[(r.value, r.value) for r in rules.ExpungementRule])
    years = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.rule}: {self.years} years"


class RegisterPolicy(models.Model):
    """Which gravities are published (one row). Changing it recomputes every entry."""

    publish_grave = models.BooleanField(default=True)
    publish_especially_grave = models.BooleanField(default=True)
    publish_medium = models.BooleanField(default=False)
    publish_minor = models.BooleanField(default=False)
    publish_all_bribery = models.BooleanField(default=True, help_text="Publish every bribery article whatever its gravity.")

    class Meta:
        verbose_name_plural = "register policy"

    def __str__(self) -> str:
        return "Register publication policy"


class Person(models.Model):
    surname = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100)
    patronymic = models.CharField(max_length=100, blank=True)
    # Other spellings where known; search matches any of them.
    name_kk = models.CharField(max_length=300, blank=True, help_text="Full name in Kazakh Cyrillic")
    name_ru = models.CharField(max_length=300, blank=True, help_text="Full name in Russian Cyrillic")
    name_latin = models.CharField(max_length=300, blank=True, help_text="Full name in Latin script")
    iin = models.CharField(max_length=12, null=True, blank=True, unique=True)  # never public
    birth_date = models.DateField(null=True, blank=True)  # never public
    internal_notes = models.TextField(blank=True)  # never public

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    def display_name(self, lang: str | None = None) -> str:
        lang = (lang or get_language() or "en")[:2]
        preferred = {"kk": self.name_kk, "ru": self.name_ru, "en": self.name_latin}.get(lang, "")
        return preferred or self.full_name


class NameKey(models.Model):
    """Script-independent search keys of a person's names, with the role of the word
    they come from (`register.search_keys.person_search_keys`)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=40)
    role = models.CharField(max_length=1, blank=True, default="",
                            choices=[("s", "surname"), ("g", "given name"), ("p", "patronymic"), ("", "other")])

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="namekey_key_idx")]
        constraints = [models.UniqueConstraint(fields=["person", "key", "role"], name="namekey_role_unique")]

    def __str__(self) -> str:
        return self.key


class NameKeyVariant(models.Model):
    """A stored key and each form it takes with one letter deleted, so that a query word
    with one typo finds it (`register.search_keys.deletion_variants`). Kept for every
    key ever indexed: a key nobody holds any more only costs a row."""

    variant = models.CharField(max_length=40)
    key = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["variant", "key"], name="namekeyvariant_unique")]

    def __str__(self) -> str:
        return f"{self.variant} -> {self.key}"


class ConvictionQuerySet(models.QuerySet["Conviction"]):
    def public_on(self, day: dt.date) -> ConvictionQuerySet:
        return self.filter(Q(public_end__isnull=True) | Q(public_end__gt=day), public_start__lte=day)

    def public(self) -> ConvictionQuerySet:
        return self.public_on(timezone.localdate())


class Conviction(models.Model):
    """One verdict against one person: one entry of the register."""

    record_id = models.CharField(max_length=64, unique=True, help_text="Feed record id, or manual-N")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="convictions")
    court = models.CharField(max_length=300)
    case_number = models.CharField(max_length=100)
    verdict_date = models.DateField()
    legal_effect_date = models.DateField(null=True, blank=True)
    articles = models.ManyToManyField(Article, related_name="convictions")
    article_codes = models.CharField(max_length=200, help_text="As in the verdict, ';'-separated")
    gravity = models.CharField(max_length=20, choices=GRAVITY_CHOICES, blank=True)
    punishment = models.CharField(max_length=30, choices=PUNISHMENT_CHOICES)
    punishment_term_months = models.PositiveIntegerField(null=True, blank=True)
    fine_amount = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    lifetime_ban = models.BooleanField(default=False, help_text="Lifetime ban on public office")
    sentence_end_date = models.DateField(null=True, blank=True)
    # Position and organization at the time, in three languages (core.multilingual).
    position_kk = models.CharField(max_length=300, blank=True)
    position_ru = models.CharField(max_length=300, blank=True)
    position_en = models.CharField(max_length=300, blank=True)
    organization_kk = models.CharField(max_length=300, blank=True)
    organization_ru = models.CharField(max_length=300, blank=True)
    organization_en = models.CharField(max_length=300, blank=True)
    region = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=200, help_text="Feed file or 'staff'")
    # Removal grounds recorded so far: {"acquitted": "2025-03-01", ...}
    removals = models.JSONField(default=dict, blank=True)
    # Cached from rules.publication_window(); recomputed on every change.
    public_start = models.DateField(null=True, blank=True, db_index=True)
    public_end = models.DateField(null=True, blank=True)
    public_end_ground = models.CharField(max_length=40, blank=True)
    excluded_because = models.CharField(max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64, help_text="Hash of the imported facts, for idempotent re-imports")
    internal_notes = models.TextField(blank=True)  # never public
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConvictionQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["public_start", "public_end"], name="conviction_window_idx"),
            # Covers the name search's join: a person's entries and whether each is public.
            models.Index(fields=["person", "public_start", "public_end"], name="conviction_person_window_idx"),
            models.Index(fields=["region"], name="conviction_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} ({self.case_number})"

    def get_absolute_url(self) -> str:
        return reverse("register:entry", args=[self.pk])

    @property
    def position(self) -> Text:
        return localized(self, "position")

    @property
    def organization(self) -> Text:
        return localized(self, "organization")

    @property
    def verdict_year(self) -> int:
        return self.verdict_date.year

    def window(self) -> rules.Window:
        ground = rules.Removal(self.public_end_ground) if self.public_end_ground else None
        return rules.Window(self.public_start, self.public_end, ground, self.excluded_because)

    def is_public_on(self, day: dt.date) -> bool:
        return self.window().is_public_on(day)

    def removal_dates(self) -> dict[rules.Removal, dt.date]:
        return {rules.Removal(k): dt.date.fromisoformat(v) for k, v in (self.removals or {}).items()}


class Proposal(models.Model):
    """A staff change waiting for a second officer (maker-checker).

    Nothing a registrar prepares reaches the register until an approver who is not
    its author approves it; rejected proposals stay, as a trace.
    """

    class Kind(models.TextChoices):
        CREATE = "create", "new entry"
        CORRECT = "correct", "correction"
        REMOVE = "remove", "removal"

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        APPROVED = "approved", "approved"
        REJECTED = "rejected", "rejected"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    conviction = models.ForeignKey(Conviction, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals")
    payload = models.JSONField(help_text="The record (create/correct) or the removal ground and date")
    reason = models.TextField()
    document = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

