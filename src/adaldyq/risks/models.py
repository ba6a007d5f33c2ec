"""Tables of corruption-risk analysis: sectors, bodies, analyses, findings, recommendations.

Status lives on the recommendation for fast dashboards; every change of it is also an
event in the `risks` history stream (who, when, comment, evidence), which is the record
of truth for what happened. Overdue is never stored: see `workflow.is_overdue` and
`queries.overdue_q`, built from the same rule.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from adaldyq.core.documents import validate_document
from adaldyq.core.multilingual import Text, localized
from adaldyq.risks.workflow import Status, is_overdue

STATUS_LABELS = {
    Status.ISSUED: pgettext_lazy("recommendation status", "Issued"),
    Status.ACCEPTED: pgettext_lazy("recommendation status", "Accepted"),
    Status.DISPUTED: pgettext_lazy("recommendation status", "Disputed"),
    Status.IN_PROGRESS: pgettext_lazy("recommendation status", "In progress"),
    Status.REPORTED: pgettext_lazy("recommendation status", "Reported implemented"),
    Status.VERIFIED: pgettext_lazy("recommendation status", "Verified"),
    Status.NOT_IMPLEMENTED: pgettext_lazy("recommendation status", "Not implemented"),
    Status.WITHDRAWN: pgettext_lazy("recommendation status", "Withdrawn after dispute"),
}
STATUS_CHOICES = [(s.value, STATUS_LABELS[s]) for s in Status]


class Localized(models.Model):
    """A name kept in Kazakh, Russian and English; `name` picks the current language."""

    name_kk = models.CharField(max_length=300)
    name_ru = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        lang = (get_language() or "kk")[:2]
        return str(getattr(self, f"name_{lang}", "") or self.name_kk)


class Sector(Localized):
    code = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class Body(Localized):
    """A state body or organization that receives recommendations."""

    code = models.SlugField(max_length=40, unique=True)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="bodies")

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.code


class BodyMembership(models.Model):
    """Ties a body officer's account to exactly one body: what they may see and change."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="risk_body")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="members")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.body_id}"


class Analysis(models.Model):
    class Kind(models.TextChoices):
        EXTERNAL = "external", _("External (by the agency)")
        INTERNAL = "internal", _("Internal (by the body itself)")

    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The public title in three languages (core.multilingual); at least one is filled.
    title_kk = models.CharField(max_length=400, blank=True)
    title_ru = models.CharField(max_length=400, blank=True)
    title_en = models.CharField(max_length=400, blank=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="analyses")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="analyses",
                             help_text="The organization analysed; empty for a whole-sector analysis.")
    period_start = models.DateField()
    period_end = models.DateField()
    scope_regulations = models.BooleanField(default=True, help_text="Regulations were analysed.")
    scope_management = models.BooleanField(default=True,
                                           help_text="Organizational and management activity was analysed.")
    team = models.TextField(blank=True, help_text="Who carried out the analysis (internal).")
    summary = models.TextField(blank=True)
    report = models.FileField(upload_to="risks/reports/", blank=True, validators=[validate_document])
    report_sha256 = models.CharField(max_length=64, blank=True)
    report_published = models.BooleanField(default=False)
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "code"]
        verbose_name_plural = "analyses"

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> Text:
        return localized(self, "title")


class Finding(models.Model):
    class Category(models.TextChoices):
        DISCRETION = "discretion", _("Discretionary powers")
        CONFLICT_OF_INTEREST = "conflict_of_interest", _("Conflict of interest")
        OPAQUE_PROCEDURE = "opaque_procedure", _("Opaque procedures")
        REGULATORY_GAP = "regulatory_gap", _("Gaps in regulation")
        WEAK_CONTROL = "weak_control", _("Weak control")
        PROCUREMENT = "procurement", _("Procurement")
        OTHER = "other", _("Other")

    class Severity(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    class SubjectKind(models.TextChoices):
        REGULATION = "regulation", _("Regulation")
        PROCESS = "process", _("Process")

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=60)
    category = models.CharField(max_length=30, choices=Category.choices)
    subject_kind = models.CharField(max_length=12, choices=SubjectKind.choices, default=SubjectKind.PROCESS)
    subject = models.CharField(max_length=400, help_text="The regulation or process the risk is in.")
    description = models.TextField(blank=True)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["analysis", "code"], name="risks_finding_code_unique")]
        ordering = ["analysis", "code"]

    def __str__(self) -> str:
        return f"{self.analysis_id}/{self.code}"


class Recommendation(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="recommendations")
    code = models.CharField(max_length=60, unique=True)
    text = models.TextField()
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="recommendations",
                             help_text="The responsible body.")
    co_implementers = models.ManyToManyField(Body, blank=True, related_name="co_recommendations")
    deadline = models.DateField()
    indicator = models.TextField(help_text="What shows the recommendation is implemented.")
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=Status.ISSUED.value)
    issued_on = models.DateField()
    status_changed_on = models.DateField()
    reported_on = models.DateField(null=True, blank=True, help_text="Last reported implemented.")
    closed_on = models.DateField(null=True, blank=True, help_text="Verified, not implemented or withdrawn.")

    class Meta:
        ordering = ["code"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="risks_rec_status_deadline"),
            models.Index(fields=["body", "status"], name="risks_rec_body_status"),
        ]

    def __str__(self) -> str:
        return self.code

    def overdue_on(self, today: dt.date) -> bool:
        return is_overdue(self.deadline, self.status, today)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[Status(self.status)])


class Evidence(models.Model):
    """A document given as proof with a status change: an uploaded file, a reference, or both."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="evidence")
    history_seq = models.PositiveBigIntegerField(help_text="The `risks` history event it came with.")
    reference = models.CharField(max_length=300, help_text="Title, number and date of the document.")
    file = models.FileField(upload_to="risks/evidence/", blank=True, validators=[validate_document])
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.reference


class ReminderSent(models.Model):
    """One reminder e-mailed about one recommendation, so a daily run does not repeat it."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12)  # "due_soon" or "overdue"
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["recommendation", "kind", "sent_on"], name="risks_reminder_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.recommendation_id} {self.sent_on}"
