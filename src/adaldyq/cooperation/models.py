"""What international cooperation stores: partner agencies, their agreements and
contact points, requests in both directions with their subjects, documents and
status changes, and the signed data packages sent and received.

The rules (which status may follow which, what a token may read, what makes a
package acceptable) live in `workflow.py`, `scopes.py` and `package.py`; these tables
only store. Nothing here is public: every page is for staff, and partners see only
the few request fields `scopes.REQUEST_FIELDS` lists, through the API.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from followthemoney.types import registry

from adaldyq.cooperation import scopes, workflow
from adaldyq.core.documents import validate_document


def country_name(code: str) -> str:
    return registry.country.names.get(code.lower(), code) if code else ""


class AgreementKind(models.TextChoices):
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    TREATY = "treaty", _("Treaty on mutual legal assistance")
    NETWORK = "network", _("Network membership (CARIN, ARIN-AP …)")
    CONVENTION = "convention", _("Multilateral convention (UNCAC …)")


class Direction(models.TextChoices):
    OUTGOING = workflow.OUTGOING, _("Outgoing (we ask)")
    INCOMING = workflow.INCOMING, _("Incoming (they ask)")


class Kind(models.TextChoices):
    INFORMATION = workflow.INFORMATION, _("Information request")
    ASSET_TRACING = workflow.ASSET_TRACING, _("Asset tracing")
    MLA = workflow.MLA, _("Mutual legal assistance")
    FREEZING = workflow.FREEZING, _("Freezing request")
    CONFISCATION = workflow.CONFISCATION, _("Confiscation request")
    RETURN = workflow.RETURN, _("Return of assets")


class Status(models.TextChoices):
    DRAFT = workflow.DRAFT, pgettext_lazy("request status", "Draft")
    AWAITING_APPROVAL = workflow.AWAITING_APPROVAL, pgettext_lazy("request status", "Awaiting a second officer")
    SENT = workflow.SENT, pgettext_lazy("request status", "Sent")
    RECEIVED = workflow.RECEIVED, pgettext_lazy("request status", "Received")
    IN_PROGRESS = workflow.IN_PROGRESS, pgettext_lazy("request status", "In progress")
    MORE_INFO = workflow.MORE_INFO, pgettext_lazy("request status", "More information needed")
    ANSWERED = workflow.ANSWERED, pgettext_lazy("request status", "Answered")
    REFUSED = workflow.REFUSED, pgettext_lazy("request status", "Refused")
    WITHDRAWN = workflow.WITHDRAWN, pgettext_lazy("request status", "Withdrawn")
    CLOSED = workflow.CLOSED, pgettext_lazy("request status", "Closed")


class Partner(models.Model):
    """A foreign agency we exchange with. `code` is how it signs its data packages."""

    code = models.SlugField(max_length=40, unique=True, help_text="For example VN-GI; used in packages and URLs.")
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, help_text="ISO 3166 code, for example VN.")
    public_key = models.CharField(max_length=200, blank=True,
                                  help_text="Ed25519 public key, base64 of the 32 raw bytes.")
    key_fingerprint = models.CharField(max_length=40, blank=True)
    key_registered_on = models.DateField(null=True, blank=True)
    last_received_sequence = models.PositiveBigIntegerField(
        default=0, help_text="Highest package sequence accepted from this partner (replay protection).")
    last_sent_sequence = models.PositiveBigIntegerField(default=0)
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    def get_absolute_url(self) -> str:
        return reverse("staff_cooperation:partner", args=[self.code])

    @property
    def country_label(self) -> str:
        return country_name(self.country)

    def agreement_in_force(self, today: dt.date) -> Agreement | None:
        for agreement in self.agreements.all():
            if agreement.in_force(today):
                return agreement
        return None

    def api_scopes(self, today: dt.date) -> set[str]:
        """Scopes any agreement in force covers today."""
        return {s for a in self.agreements.all() if a.in_force(today) for s in a.api_scopes}


class Agreement(models.Model):
    """The legal footing of the cooperation, and the API scopes it covers."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    title = models.CharField(max_length=300)
    network = models.CharField(max_length=40, blank=True, help_text="For network membership: CARIN, ARIN-AP …")
    scope = models.TextField(blank=True, help_text="What the agreement covers, in its own words.")
    api_scopes = models.JSONField(default=list, blank=True, help_text=f"Some of: {', '.join(scopes.PARTNER_SCOPES)}.")
    signed_on = models.DateField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["partner", "-valid_from", "title"]

    def __str__(self) -> str:
        return self.title

    def in_force(self, today: dt.date) -> bool:
        return scopes.agreement_in_force(self.valid_from, self.valid_until, today)


class ContactPoint(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    languages = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["partner", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner.code})"


class CooperationRequest(models.Model):
    """One request, incoming or outgoing, with its current status kept here."""

    reference = models.CharField(max_length=40, unique=True)
    partner_reference = models.CharField(max_length=100, blank=True, help_text="The partner's own number.")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="requests")
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests")
    legal_basis = models.CharField(max_length=300, help_text="Treaty article, memorandum clause or network rules.")
    summary = models.TextField(blank=True, help_text="Internal: what is asked and why.")
    recovery_case = models.ForeignKey("recovery.RecoveryCase", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="cooperation_requests")
    status = models.CharField(max_length=20, choices=Status.choices)
    opened_on = models.DateField(help_text="Date sent or received (the draft's creation date until then).")
    due_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    status_changed_on = models.DateField()
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", help_text="Responsible officer; reminders go to them.")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", help_text="Who put it up for approval.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "reference"]
        indexes = [
            models.Index(fields=["partner", "status"], name="coop_request_partner_idx"),
            models.Index(fields=["status", "due_on"], name="coop_request_due_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("staff_cooperation:request", args=[self.reference])

    def is_overdue(self, today: dt.date) -> bool:
        return workflow.is_overdue(self.status, self.due_on, today)

    def days_overdue(self, today: dt.date) -> int:
        return workflow.days_overdue(self.status, self.due_on, today)


class SubjectKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")
    ASSET = "asset", _("Asset")
    OTHER = "other", _("Other")


class RequestSubject(models.Model):
    """Who or what a request is about: free text, or linked to a register person or
    entry, or to an asset under recovery.

    `asset.request_links` lists the requests concerning an asset (the recovery
    asset page shows them).
    """

    request = models.ForeignKey(CooperationRequest, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=10, choices=SubjectKind.choices)
    name = models.CharField(max_length=300)
    country = models.CharField(max_length=2, blank=True)
    person = models.ForeignKey("register.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="cooperation_subjects")
    conviction = models.ForeignKey("register.Conviction", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="cooperation_subjects")
    asset = models.ForeignKey("recovery.Asset", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="request_links")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["request", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.name}"


class RequestDocument(models.Model):
    """A letter, answer or annex of a request: its number and date, optionally the file."""

    request = models.ForeignKey(CooperationRequest, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    number = models.CharField(max_length=100, blank=True)
    dated = models.DateField()
    file = models.FileField(upload_to="cooperation/documents/%Y/", blank=True, validators=[validate_document])
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "dated", "id"]

    def __str__(self) -> str:
        return f"{self.title} № {self.number} ({self.dated})" if self.number else f"{self.title} ({self.dated})"


class StatusChange(models.Model):
    """One step of a request's workflow, with the document that carried it."""

    request = models.ForeignKey(CooperationRequest, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    document = models.ForeignKey(RequestDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.from_status or '—'} → {self.to_status}"


class PackageDirection(models.TextChoices):
    SENT = "sent", pgettext_lazy("data package", "Sent")
    RECEIVED = "received", pgettext_lazy("data package", "Received")


class ExchangePackage(models.Model):
    """A signed package we wrote or accepted. Received ones keep their entities."""

    package_id = models.CharField(max_length=64, unique=True)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="packages")
    direction = models.CharField(max_length=10, choices=PackageDirection.choices)
    sequence = models.PositiveBigIntegerField()
    manifest = models.JSONField()
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the whole package file.")
    entity_count = models.PositiveIntegerField(default=0)
    request = models.ForeignKey(CooperationRequest, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="packages")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["partner", "direction", "sequence"],
                                               name="coop_package_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.partner.code} #{self.sequence} ({self.direction})"

    def get_absolute_url(self) -> str:
        return reverse("staff_cooperation:package", args=[self.package_id])


class PackageEntity(models.Model):
    """One FollowTheMoney entity of a received package, stored as received."""

    package = models.ForeignKey(ExchangePackage, on_delete=models.CASCADE, related_name="entities")
    entity_id = models.CharField(max_length=200)
    schema = models.CharField(max_length=60)
    caption = models.CharField(max_length=300)
    data = models.JSONField()

    class Meta:
        ordering = ["package", "id"]
        constraints = [models.UniqueConstraint(fields=["package", "entity_id"], name="coop_entity_unique")]

    def __str__(self) -> str:
        return f"{self.schema} {self.caption}"
