"""What the recovery part stores: cases, their parties and assets, asset events,
exchange rates, and the fund (receipts, projects, allocations and their sources,
disbursements).

Rules live in `lifecycle.py` and `ledger.py`; these tables only store. Each asset
carries its current state denormalized (status, amounts in tenge, dates of key
transitions) so the public dashboard is a few indexed aggregate queries even with a
million events. Personal data of private individuals lives only in `CaseParty` and in
`internal_notes` fields, which nothing public reads.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from adaldyq.core.documents import validate_document
from adaldyq.core.multilingual import Text, localized
from adaldyq.core.regions import region_name

from . import figures, lifecycle

ZERO = Decimal(0)


def money(**kwargs: object) -> models.DecimalField:
    return models.DecimalField(max_digits=20, decimal_places=2, default=ZERO, **kwargs)  # type: ignore[arg-type]


class CaseKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal case")
    ASSET_RETURN = "asset_return", _("Asset return (2023 law)")


class AssetKind(models.TextChoices):
    REAL_ESTATE = "real_estate", _("Real estate")
    VEHICLE = "vehicle", _("Vehicle")
    BANK_FUNDS = "bank_funds", _("Bank funds")
    SECURITIES = "securities", _("Securities")
    COMPANY_STAKE = "company_stake", _("Company stake")
    CRYPTO = "crypto", _("Crypto-assets")
    OTHER = "other", _("Other")


class AssetStatus(models.TextChoices):
    IDENTIFIED = lifecycle.IDENTIFIED, _("Identified")
    FROZEN = lifecycle.FROZEN, _("Frozen / arrested")
    CONFISCATED = lifecycle.CONFISCATED, _("Confiscated")
    VOLUNTARY = lifecycle.VOLUNTARY, _("Agreed for voluntary return")
    TRANSFERRED = lifecycle.TRANSFERRED, _("Transferred to the state")
    HELD = lifecycle.HELD, _("Held in kind")
    SOLD = lifecycle.SOLD, _("Sold")
    CREDITED = lifecycle.CREDITED, _("Proceeds credited to the fund")
    RELEASED = lifecycle.RELEASED, _("Released")


class RecoveryCase(models.Model):
    """A criminal case or a case under the 2023 asset-return law."""

    reference = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=CaseKind.choices)
    # Public title in three languages (core.multilingual); never a private person's name.
    title_kk = models.CharField(max_length=200, blank=True)
    title_ru = models.CharField(max_length=200, blank=True)
    title_en = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=20, blank=True, help_text="Region code of the investigating office.")
    opened_on = models.DateField()
    internal_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("staff_recovery:case", args=[self.pk])

    @property
    def title(self) -> Text:
        return localized(self, "title")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Private individual")
    ORGANIZATION = "organization", _("Organization")


class CaseParty(models.Model):
    """A person or organization involved in a case. Persons are never shown publicly."""

    case = models.ForeignKey(RecoveryCase, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=20, choices=PartyKind.choices)
    role = models.CharField(max_length=60, help_text="For example: accused, owner, nominee holder, debtor.")
    name = models.CharField(max_length=200)
    iin_bin = models.CharField(max_length=12, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["case", "kind", "name"]

    def __str__(self) -> str:
        return self.public_label

    @property
    def public_label(self) -> str:
        if self.kind == PartyKind.ORGANIZATION:
            return self.name
        return str(_("Private individual (withheld)"))


class Asset(models.Model):
    """One item under recovery, with its current state kept here for fast summaries."""

    case = models.ForeignKey(RecoveryCase, on_delete=models.PROTECT, related_name="assets")
    reference = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=AssetKind.choices)
    # Public description in three languages (core.multilingual); no personal data.
    description_kk = models.CharField(max_length=300, blank=True)
    description_ru = models.CharField(max_length=300, blank=True)
    description_en = models.CharField(max_length=300, blank=True)
    internal_notes = models.TextField(blank=True)
    owner = models.ForeignKey(CaseParty, null=True, blank=True, on_delete=models.SET_NULL, related_name="assets")
    country = models.CharField(max_length=2, default="KZ", help_text="ISO 3166 code of the holding country.")
    region = models.CharField(max_length=20, blank=True, help_text="Region code, for assets in Kazakhstan.")
    abroad = models.BooleanField(default=False)

    valuation_amount = money()
    valuation_currency = models.CharField(max_length=3, default="KZT")
    valuation_date = models.DateField()
    valuation_rate = models.DecimalField(max_digits=18, decimal_places=6, default=Decimal(1))
    valuation_rate_date = models.DateField(null=True, blank=True)
    valuation_kzt = money()

    status = models.CharField(max_length=20, choices=AssetStatus.choices, default=AssetStatus.IDENTIFIED)
    ordered_kzt = money(help_text="Ordered by verdict or agreed for voluntary return.")
    collected_kzt = money(help_text="Actually collected and credited to the fund.")
    returned_kzt = money(help_text="Value transferred to the state (sale proceeds once sold).")
    proceeds_kzt = money()

    identified_on = models.DateField()
    frozen_on = models.DateField(null=True, blank=True)
    ordered_on = models.DateField(null=True, blank=True)
    transferred_on = models.DateField(null=True, blank=True)
    sold_on = models.DateField(null=True, blank=True)
    credited_on = models.DateField(null=True, blank=True)
    released_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-identified_on", "reference"]
        # The date indexes also carry every column the summary reads, so a period's
        # figures come from the index alone (a covering index on SQLite and PostgreSQL).
        indexes = [
            models.Index(fields=["identified_on", "status", "kind", "abroad", "region", "country", "valuation_kzt"],
                         name="asset_identified_idx"),
            models.Index(fields=["transferred_on", "kind", "abroad", "region", "country", "returned_kzt"],
                         name="asset_transferred_idx"),
            models.Index(fields=["ordered_on", "kind", "abroad", "ordered_kzt", "collected_kzt"],
                         name="asset_ordered_idx"),
            models.Index(fields=["status"], name="asset_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(valuation_kzt__gte=0) & Q(ordered_kzt__gte=0)
                                   & Q(collected_kzt__gte=0), name="asset_amounts_not_negative"),
        ]

    def __str__(self) -> str:
        """The public name of the asset: no owner, no address."""
        return f"{self.reference} · {self.get_kind_display()} · {self.location_label}"

    def get_absolute_url(self) -> str:
        return reverse("staff_recovery:asset", args=[self.pk])

    @property
    def description(self) -> Text:
        return localized(self, "description")

    @property
    def location_label(self) -> str:
        if self.abroad:
            return self.country
        return region_name(self.region) if self.region else "KZ"

    @property
    def shortfall_kzt(self) -> Decimal:
        return lifecycle.shortfall(self.ordered_kzt, self.collected_kzt)

    def state(self) -> lifecycle.AssetState:
        return lifecycle.AssetState(self.status, valuation_kzt=self.valuation_kzt, ordered_kzt=self.ordered_kzt,
                                    collected_kzt=self.collected_kzt, returned_kzt=self.returned_kzt,
                                    proceeds_kzt=self.proceeds_kzt)

    def facts(self) -> figures.AssetFacts:
        return figures.facts_of_row([getattr(self, name) for name in figures.FACT_FIELDS])


class MonthlyFigure(models.Model):
    """Dashboard figures per month, asset type and place, kept in step with the assets
    by the services (see `figures.py`) so a long period sums a few hundred rows."""

    measure = models.CharField(max_length=10)
    month = models.DateField(help_text="First day of the month.")
    kind = models.CharField(max_length=20)
    abroad = models.BooleanField()
    region = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2)
    amount_kzt = money()
    second_kzt = money(help_text="For 'ordered': the amount collected against those orders.")
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["measure", "month", "kind", "abroad", "region", "country"],
                                               name="monthly_figure_unique")]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%Y-%m} {self.kind}: {self.amount_kzt}"


class AssetEvent(models.Model):
    """One step in an asset's life. Never updated (a database trigger refuses it)."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    backward = models.BooleanField(default=False)
    occurred_on = models.DateField()
    amount = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    rate = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    rate_date = models.DateField(null=True, blank=True)
    amount_kzt = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    ground = models.CharField(max_length=300, blank=True)
    document = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asset", "occurred_on", "id"]
        indexes = [models.Index(fields=["occurred_on"], name="assetevent_occurred_idx")]

    def __str__(self) -> str:
        return f"{self.asset.reference} {self.action} {self.occurred_on}"


class DocumentKind(models.TextChoices):
    ARREST = "arrest", _("Arrest order")
    VERDICT = "verdict", _("Verdict")
    AGREEMENT = "agreement", _("Voluntary return agreement")
    VALUATION = "valuation", _("Valuation report")
    TRANSFER = "transfer", _("Transfer act")
    SALE = "sale", _("Sale contract")
    PAYMENT = "payment", _("Payment order")
    OTHER = "other", _("Other")


class AssetDocument(models.Model):
    """A document on an asset: its number and date, and optionally the file."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    number = models.CharField(max_length=100)
    dated = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to="recovery/documents/%Y/", blank=True, validators=[validate_document])
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dated", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number} ({self.dated})"


class ExchangeRate(models.Model):
    """Official rate: tenge for one unit of `currency` on `on`."""

    currency = models.CharField(max_length=3)
    on = models.DateField()
    kzt_per_unit = models.DecimalField(max_digits=18, decimal_places=6)
    source = models.CharField(max_length=200, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["currency", "-on"]
        constraints = [models.UniqueConstraint(fields=["currency", "on"], name="rate_currency_on_unique")]

    def __str__(self) -> str:
        return f"{self.currency} {self.on}: {self.kzt_per_unit}"


class Fund(models.Model):
    """The Special State Fund: one row, locked while money moves, holding running totals."""

    name = models.CharField(max_length=200, default="Special State Fund")
    received_kzt = money()
    allocated_kzt = money()
    disbursed_kzt = money()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(allocated_kzt__lte=F("received_kzt")), name="fund_not_overallocated"),
            models.CheckConstraint(condition=Q(disbursed_kzt__lte=F("allocated_kzt")), name="fund_not_overdisbursed"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unallocated_kzt(self) -> Decimal:
        return self.received_kzt - self.allocated_kzt


class ReceiptKind(models.TextChoices):
    COLLECTED = "collected", _("Money collected")
    SALE = "sale", _("Sale proceeds")


class Receipt(models.Model):
    """Money credited to the fund from one asset of one case."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="receipts")
    case = models.ForeignKey(RecoveryCase, on_delete=models.PROTECT, related_name="receipts")
    event = models.OneToOneField(AssetEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="receipt")
    kind = models.CharField(max_length=20, choices=ReceiptKind.choices)
    amount_kzt = money()
    remaining_kzt = money(help_text="Not yet allocated to a project.")
    received_on = models.DateField()
    document = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["received_on", "id"], name="receipt_fifo_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount_kzt__gt=0), name="receipt_positive"),
            models.CheckConstraint(condition=Q(remaining_kzt__gte=0) & Q(remaining_kzt__lte=F("amount_kzt")),
                                   name="receipt_remaining_in_range"),
        ]

    def __str__(self) -> str:
        return f"Receipt {self.pk}: {self.amount_kzt} KZT from {self.asset.reference}"


class ProjectKind(models.TextChoices):
    SCHOOL = "school", _("School construction")
    HOSPITAL = "hospital", _("Hospital")
    WATER = "water", _("Water supply")
    SPORT = "sport", _("Sport")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("Under way")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Project(models.Model):
    """A social project financed by the fund. Name, locality and description are kept in
    three languages (`core.multilingual`); at least one name is filled."""

    name_kk = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=ProjectKind.choices, default=ProjectKind.SCHOOL)
    region = models.CharField(max_length=20)
    locality_kk = models.CharField(max_length=120, blank=True)
    locality_ru = models.CharField(max_length=120, blank=True)
    locality_en = models.CharField(max_length=120, blank=True)
    description_kk = models.TextField(blank=True)
    description_ru = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    budget_kzt = money()
    status = models.CharField(max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.APPROVED)
    allocated_kzt = money()
    disbursed_kzt = money()
    approved_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-approved_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(disbursed_kzt__lte=F("allocated_kzt")), name="project_not_overpaid"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("recovery:project", args=[self.pk])

    @property
    def name(self) -> Text:
        """The name in the active language, or the nearest translation (marked)."""
        return localized(self, "name")

    @property
    def description(self) -> Text:
        return localized(self, "description")

    @property
    def locality(self) -> Text:
        return localized(self, "locality")

    @property
    def region_label(self) -> str:
        return region_name(self.region)

    @property
    def open(self) -> bool:
        return self.status in (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS)


class AllocationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting a second officer")
    EFFECTIVE = "effective", _("Allocated")
    REJECTED = "rejected", _("Rejected")


class Allocation(models.Model):
    """Money of the fund set aside for a project; only effective allocations count."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="allocations")
    amount_kzt = money()
    status = models.CharField(max_length=20, choices=AllocationStatus.choices, default=AllocationStatus.PROPOSED)
    disbursed_kzt = money()
    decided_on = models.DateField(null=True, blank=True)
    document = models.CharField(max_length=300, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_kzt__gt=0), name="allocation_positive"),
            models.CheckConstraint(condition=Q(disbursed_kzt__lte=F("amount_kzt")), name="allocation_not_overpaid"),
        ]

    def __str__(self) -> str:
        return f"Allocation {self.pk}: {self.amount_kzt} KZT to {self.project}"

    @property
    def remaining_kzt(self) -> Decimal:
        return self.amount_kzt - self.disbursed_kzt


class AllocationSource(models.Model):
    """How much of an allocation came from which receipt: the trace back to cases."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="sources")
    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, related_name="uses")
    amount_kzt = money()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount_kzt__gt=0), name="source_positive")]

    def __str__(self) -> str:
        return f"{self.amount_kzt} KZT of receipt {self.receipt_id} to allocation {self.allocation_id}"


class Disbursement(models.Model):
    """A payment to a project against a milestone, from one allocation."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="disbursements")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="disbursements")
    milestone_kk = models.CharField(max_length=200, blank=True)
    milestone_ru = models.CharField(max_length=200, blank=True)
    milestone_en = models.CharField(max_length=200, blank=True)
    amount_kzt = money()
    paid_on = models.DateField()
    document = models.CharField(max_length=300, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount_kzt__gt=0), name="disbursement_positive")]

    def __str__(self) -> str:
        return f"{self.amount_kzt} KZT to {self.project} ({self.milestone})"

    @property
    def milestone(self) -> Text:
        return localized(self, "milestone")
