"""What a procurement analysis stores for the web: one run, its processes, buyers,
suppliers and supplier ties.

A run is immutable once finished: a new file is a new run, and pages show the latest
finished run unless asked for another. Everything below a run is written in bulk by
``services.store_run`` and deleted with it.

Money is Decimal tenge; scores are floats in [0, 1] with the components and the
contributions that produced them (see docs/procurement/composite.md).
"""

from __future__ import annotations

from django.db import models


class ProcurementRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "running"
        FINISHED = "finished", "finished"
        FAILED = "failed", "failed"

    file_name = models.CharField(max_length=300)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField(blank=True)
    settings_text = models.TextField(blank=True, help_text="The INI settings the indicators ran with")
    releases = models.PositiveIntegerField(default=0, help_text="Lines read")
    processes = models.PositiveIntegerField(default=0, help_text="Processes kept after the global exclusions")
    flagged_processes = models.PositiveIntegerField(default=0)
    buyers = models.PositiveIntegerField(default=0)
    suppliers = models.PositiveIntegerField(default=0)
    tied_suppliers = models.PositiveIntegerField(default=0)
    coverage = models.JSONField(default=dict, blank=True)
    flag_counts = models.JSONField(default=dict, blank=True, help_text="{group: {code: flagged}}")
    meta = models.JSONField(default=dict, blank=True, help_text="Quartiles and fences per indicator")
    details = models.JSONField(default=dict, blank=True, help_text="Evidence of R013 and R055")
    load_report = models.JSONField(default=dict, blank=True)
    seconds = models.JSONField(default=dict, blank=True, help_text="Time per step")
    ties_source = models.CharField(max_length=300, blank=True)
    ties_report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"run {self.pk}: {self.file_name} ({self.status})"


class Process(models.Model):
    run = models.ForeignKey(ProcurementRun, on_delete=models.CASCADE, related_name="process_rows")
    line = models.PositiveIntegerField(help_text="Position in the input, from 1")
    ocid = models.CharField(max_length=200)
    title = models.CharField(max_length=500, blank=True)
    buyer_id = models.CharField(max_length=200, blank=True)
    buyer_name = models.CharField(max_length=500, blank=True)
    suppliers = models.JSONField(default=list, blank=True, help_text="[{id, name}] of active awards")
    method = models.CharField(max_length=50, blank=True)
    method_details = models.CharField(max_length=300, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    region = models.CharField(max_length=30, blank=True, help_text="Code from core.regions; empty if unknown")
    region_text = models.CharField(max_length=200, blank=True, help_text="The buyer's address region as published")
    sector = models.CharField(max_length=10, blank=True, help_text="First two digits of the main item classification")
    date = models.DateField(null=True, blank=True, help_text="Tender start, else award date, else release date")
    score = models.FloatField(null=True, blank=True)
    computable = models.PositiveSmallIntegerField(default=0)
    rank_score = models.FloatField(null=True, blank=True,
                                   help_text="Ranking key: sum of the components over all of them (composite.md)")
    components = models.JSONField(default=dict, blank=True)
    contributions = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=dict, blank=True, help_text="{code: value} of the indicators that flagged it")
    flag_count = models.PositiveSmallIntegerField(default=0)
    tied = models.BooleanField(default=False, help_text="A supplier of this process has a tie on a list")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "ocid"], name="procurement_process_unique")]
        indexes = [
            models.Index(fields=["run", "score"], name="proc_process_score"),
            models.Index(fields=["run", "rank_score"], name="proc_process_rank"),
            models.Index(fields=["run", "buyer_id"], name="proc_process_buyer"),
            models.Index(fields=["run", "region", "date"], name="proc_process_region"),
            models.Index(fields=["run", "sector"], name="proc_process_sector"),
        ]

    def __str__(self) -> str:
        return self.ocid

    @property
    def indicators(self) -> int:
        """How many components the score could rest on: the "10" of "1.00 on 2 of 10"."""
        return len(self.components or {})


class ProcessSupplier(models.Model):
    """One (process, supplier) pair, so suppliers can be filtered by their processes."""

    run = models.ForeignKey(ProcurementRun, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="supplier_links")
    supplier_id = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["run", "supplier_id"], name="proc_link_supplier")]

    def __str__(self) -> str:
        return f"{self.supplier_id} in process {self.process_id}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        BUYER = "buyer", "buyer"
        SUPPLIER = "supplier", "supplier"

    run = models.ForeignKey(ProcurementRun, on_delete=models.CASCADE, related_name="organisations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    org_id = models.CharField(max_length=200)
    name = models.CharField(max_length=500, blank=True)
    region = models.CharField(max_length=30, blank=True)
    score = models.FloatField(null=True, blank=True)
    computable = models.PositiveSmallIntegerField(default=0)
    rank_score = models.FloatField(null=True, blank=True,
                                   help_text="Ranking key: sum of the components over all of them (composite.md)")
    processes = models.PositiveIntegerField(default=0)
    flagged_processes = models.PositiveIntegerField(default=0)
    value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    components = models.JSONField(default=dict, blank=True)
    contributions = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=dict, blank=True, help_text="Organisation-level flags {code: value}")
    tied = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "kind", "org_id"], name="procurement_org_unique")]
        indexes = [models.Index(fields=["run", "kind", "score"], name="proc_org_score"),
                   models.Index(fields=["run", "kind", "rank_score"], name="proc_org_rank")]

    def __str__(self) -> str:
        return f"{self.kind} {self.org_id}"

    @property
    def indicators(self) -> int:
        """How many components the score could rest on: the "10" of "1.00 on 2 of 10"."""
        return len(self.components or {})


class SupplierTie(models.Model):
    """A supplier, or a person tied to it, found on the register or a loaded list.

    Only what a reviewer needs is kept: names, role, list, score and the features that
    produced it. IIN and birth dates are used for matching and never stored here.
    """

    class Source(models.TextChoices):
        OCDS = "ocds", "OCDS parties"
        CSV = "csv", "CSV file"
        BODS = "bods", "BODS file"
        SUPPLIER = "supplier", "the supplier itself"

    run = models.ForeignKey(ProcurementRun, on_delete=models.CASCADE, related_name="ties")
    supplier_id = models.CharField(max_length=200)
    supplier_name = models.CharField(max_length=500, blank=True)
    person_name = models.CharField(max_length=500)
    role = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    list_name = models.CharField(max_length=60)
    match_id = models.CharField(max_length=200)
    match_name = models.CharField(max_length=500)
    match_url = models.CharField(max_length=300, blank=True)
    score = models.FloatField()
    band = models.CharField(max_length=10)
    features = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-score", "supplier_id"]
        indexes = [models.Index(fields=["run", "supplier_id"], name="proc_tie_supplier")]

    def __str__(self) -> str:
        return f"{self.supplier_id}: {self.person_name} ~ {self.match_name} ({self.list_name})"
