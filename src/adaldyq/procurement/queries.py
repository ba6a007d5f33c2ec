"""Reads for the staff pages, their JSON twins and the exports: one function per view.

Every function takes a finished run and plain filters and returns querysets or plain
dicts, so the HTML page, the API and the CSV/Parquet files show the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Avg, Count, F, QuerySet, Sum
from django.utils.translation import gettext as _

from adaldyq.core import formatting
from adaldyq.core.regions import region_name

from . import cpv, indicators, ties
from .models import Organisation, Process, ProcessSupplier, ProcurementRun, SupplierTie

DOCS = Path(__file__).resolve().parents[3] / "docs" / "procurement"
# "score" ranks by the rank score (composite.md): a 1.00 on 2 of 10 indicators does not
# outrank a full score; NULLs (nothing computable) last on every database.
_RANK = (F("rank_score").desc(nulls_last=True), F("computable").desc(), F("score").desc(nulls_last=True))
PROCESS_SORTS: dict[str, tuple[Any, ...]] = {
    "score": (*_RANK, "line"), "value": ("-value", "line"), "date": ("-date", "line"),
    "flags": ("-flag_count", *_RANK, "line")}
ORG_SORTS: dict[str, tuple[Any, ...]] = {
    "score": (*_RANK, "-processes", "org_id"), "value": ("-value", "org_id"), "processes": ("-processes", "org_id")}


@dataclass(frozen=True, kw_only=True)
class Filters:
    region: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    method: str = ""
    sector: str = ""
    tied: bool = False
    sort: str = "score"
    buyer: str = ""
    supplier: str = ""

    @classmethod
    def from_params(cls, params: Any) -> Filters:
        def date(key: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(str(params.get(key) or "").strip())
            except ValueError:
                return None

        return cls(region=str(params.get("region") or "").strip(), date_from=date("from"), date_to=date("to"),
                   method=str(params.get("method") or "").strip(), sector=str(params.get("sector") or "").strip(),
                   tied=str(params.get("tied") or "") in ("1", "true", "on"),
                   sort=str(params.get("sort") or "score").strip(), buyer=str(params.get("buyer") or "").strip(),
                   supplier=str(params.get("supplier") or "").strip())

    @property
    def narrows_processes(self) -> bool:
        return bool(self.region or self.date_from or self.date_to or self.method or self.sector)

    def as_params(self) -> dict[str, str]:
        found = {"region": self.region, "from": self.date_from.isoformat() if self.date_from else "",
                 "to": self.date_to.isoformat() if self.date_to else "", "method": self.method, "sector": self.sector,
                 "tied": "1" if self.tied else "", "sort": "" if self.sort == "score" else self.sort,
                 "buyer": self.buyer, "supplier": self.supplier}
        return {k: v for k, v in found.items() if v}


def processes(run: ProcurementRun, filters: Filters) -> QuerySet[Process]:
    qs = Process.objects.filter(run=run)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.date_from:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date__lte=filters.date_to)
    if filters.method:
        qs = qs.filter(method=filters.method)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.tied:
        qs = qs.filter(tied=True)
    if filters.buyer:
        qs = qs.filter(buyer_id=filters.buyer)
    if filters.supplier:
        qs = qs.filter(pk__in=ProcessSupplier.objects.filter(run=run, supplier_id=filters.supplier)
                       .values("process_id"))
    return qs.order_by(*PROCESS_SORTS.get(filters.sort, PROCESS_SORTS["score"]))


def organisations(run: ProcurementRun, kind: str, filters: Filters) -> QuerySet[Organisation]:
    """Buyers or suppliers ranked by score; with process filters, those having a matching process.

    Scores stay those of all the organisation's processes; ``with_matching`` adds how many
    processes match the filters and their mean score.
    """
    qs = Organisation.objects.filter(run=run, kind=kind)
    if filters.tied:
        qs = qs.filter(tied=True)
    if filters.narrows_processes:
        if kind == Organisation.Kind.BUYER:
            qs = qs.filter(org_id__in=_matching(run, filters).values("buyer_id"))
        else:
            qs = qs.filter(org_id__in=ProcessSupplier.objects.filter(
                run=run, process__in=_matching(run, filters)).values("supplier_id"))
    return qs.order_by(*ORG_SORTS.get(filters.sort, ORG_SORTS["score"]))


def _matching(run: ProcurementRun, filters: Filters) -> QuerySet[Process]:
    return processes(run, replace(filters, tied=False, buyer="", supplier="")).order_by()


def matching_counts(run: ProcurementRun, kind: str, filters: Filters,
                    ids: list[str] | None = None) -> dict[str, tuple[int, float | None]]:
    """Per organisation (of ``ids``, or all): processes matching the filters and their mean score.

    One grouped query, not one per organisation.
    """
    grouped: QuerySet[Any, Any]
    if kind == Organisation.Kind.BUYER:
        source = _matching(run, filters)
        grouped = (source if ids is None else source.filter(buyer_id__in=ids)).values("buyer_id").annotate(
            n=Count("*"), m=Avg("score")).values_list("buyer_id", "n", "m")
    else:
        links = ProcessSupplier.objects.filter(run=run, process__in=_matching(run, filters))
        grouped = (links if ids is None else links.filter(supplier_id__in=ids)).values("supplier_id").annotate(
            n=Count("*"), m=Avg("process__score")).values_list("supplier_id", "n", "m")
    return {ident: (n, mean) for ident, n, mean in grouped}


def with_matching(run: ProcurementRun, kind: str, filters: Filters, rows: Iterable[Organisation]) -> list[Organisation]:
    """``rows`` with ``matching`` and ``matching_score`` set when the filters narrow the processes."""
    rows = list(rows)
    if filters.narrows_processes:
        found = matching_counts(run, kind, filters, [o.org_id for o in rows])
        for o in rows:
            o.matching, o.matching_score = found.get(o.org_id, (0, None))  # type: ignore[attr-defined]
    return rows


def choices(run: ProcurementRun) -> dict[str, Any]:
    """What the filter menus offer: the regions, methods and sectors present in the run."""
    base = Process.objects.filter(run=run).order_by()
    regions = [r for r in base.values_list("region", flat=True).distinct() if r]
    sectors = [s for s in base.values_list("sector", flat=True).distinct() if s]
    methods = [m for m in base.values_list("method", flat=True).distinct() if m]
    return {"regions": sorted(((c, region_name(c)) for c in regions), key=lambda x: x[1]),
            "sectors": [(s, f"{s} {cpv.sector_label(s)}") for s in sorted(sectors)],
            "methods": sorted(methods), "sorts": list(PROCESS_SORTS)}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def process_row(p: Process, lang: str | None = None) -> dict[str, Any]:
    return {
        "ocid": p.ocid, "title": p.title, "buyer": {"id": p.buyer_id, "name": p.buyer_name},
        "suppliers": p.suppliers, "method": p.method, "method_details": p.method_details,
        "value": _money(p.value), "currency": p.currency,
        "region": {"code": p.region, "name": region_name(p.region, lang)} if p.region else None,
        "sector": {"code": p.sector, "name": cpv.sector_label(p.sector, lang)} if p.sector else None,
        "date": p.date.isoformat() if p.date else None, "score": p.score, "computable": p.computable,
        "indicators": p.indicators, "rank_score": p.rank_score,
        "flags": p.flags, "contributions": p.contributions, "tied": p.tied,
    }


def organisation_row(o: Organisation, lang: str | None = None) -> dict[str, Any]:
    row = {
        "id": o.org_id, "name": o.name, "kind": o.kind,
        "region": {"code": o.region, "name": region_name(o.region, lang)} if o.region else None,
        "score": o.score, "computable": o.computable, "indicators": o.indicators, "rank_score": o.rank_score,
        "processes": o.processes,
        "flagged_processes": o.flagged_processes, "value": _money(o.value), "flags": o.flags,
        "contributions": o.contributions, "tied": o.tied,
    }
    if hasattr(o, "matching"):
        row["matching_processes"] = o.matching
        row["matching_mean_score"] = getattr(o, "matching_score", None)
    return row


def tie_row(t: SupplierTie) -> dict[str, Any]:
    return {"supplier": {"id": t.supplier_id, "name": t.supplier_name}, "person": t.person_name, "role": t.role,
            "source": t.source, "list_name": t.list_name, "match": {"id": t.match_id, "name": t.match_name,
                                                              "url": t.match_url or None},
            "score": t.score, "band": t.band, "features": t.features}


def run_row(run: ProcurementRun) -> dict[str, Any]:
    return {"id": run.pk, "file_name": run.file_name, "status": run.status, "started_at": run.started_at,
            "finished_at": run.finished_at, "releases": run.releases, "processes": run.processes,
            "flagged_processes": run.flagged_processes, "buyers": run.buyers, "suppliers": run.suppliers,
            "tied_suppliers": run.tied_suppliers, "seconds": run.seconds, "settings": run.settings_text,
            "error": run.error or None}


# ---------------------------------------------------------------- explaining flags

def indicator_title(code: str) -> str:
    if code == ties.CODE:
        return ties.TITLE
    base = code.split("/")[0]
    try:
        return str(indicators.by_code(base).TITLE)
    except KeyError:
        return code


def doc_exists(code: str) -> bool:
    return (DOCS / doc_name(code)).is_file()


def doc_name(code: str) -> str:
    base = code.split("/")[0]
    return "ties.md" if base == ties.CODE else f"{base}.md"


def _fence(run: ProcurementRun, code: str, key: str) -> str:
    value = (run.meta or {}).get(code, {}).get(key)
    return "?" if value is None else formatting.number(value)


def why(code: str, value: float | None, p: Process, run: ProcurementRun) -> str:
    """One sentence: why the indicator flagged this process (``value`` is its result)."""
    shown = "" if value is None else formatting.number(value)
    reasons = {
        "R003": _("The submission period was shorter than the threshold for this kind of procedure."),
        "R013": _("The procedure was non-competitive (method: %(method)s).") % {"method": p.method or "?"},
        "R018": _("Only one bid was received."),
        "R024": _("The runner-up's price was very close to the winning bid: ratio %(v)s, below the lower fence "
                  "%(f)s.") % {"v": shown, "f": _fence(run, "R024", "lower_fence")},
        "R028": _("Two or more tenderers offered identical prices."),
        "R030": _("The winning bid was submitted after the submission period had closed."),
        "R035": _("Every bid except the winner's was disqualified (%(v)s other tenderers).") % {"v": shown},
        "R036": _("The lowest bid was disqualified."),
        "R055": _("One of a series of direct awards from this buyer to this supplier, each below the open-procedure "
                  "threshold, together %(v)s within the window.") % {"v": shown},
        "R058": _("The winning bid was discounted far more than usual: ratio %(v)s, above the upper fence %(f)s.")
        % {"v": shown, "f": _fence(run, "R058", "upper_fence")},
    }
    return reasons.get(code, _("Flagged with value %(v)s.") % {"v": shown})


def explained_components(p: Process, run: ProcurementRun) -> list[dict[str, Any]]:
    """Each component of the score: name, what it measures (docs), value, contribution, why."""
    rows = []
    for code, component in p.components.items():
        fired = bool(component)
        state = "flagged" if fired else ("clear" if component is not None else "not computable")
        rows.append({
            "code": code, "title": indicator_title(code), "doc": code.split("/")[0] if doc_exists(code) else None,
            "component": component, "state": state, "value": p.flags.get(code),
            "contribution": p.contributions.get(code), "why": why(code, p.flags.get(code), p, run) if fired else "",
        })
    rows.sort(key=lambda r: (r["state"] != "flagged", r["state"] == "not computable", r["code"]))
    return rows


def process_detail(run: ProcurementRun, p: Process, lang: str | None = None) -> dict[str, Any]:
    supplier_ids = [s["id"] for s in p.suppliers]
    orgs = Organisation.objects.filter(run=run, org_id__in=[p.buyer_id, *supplier_ids])
    buyer = next((o for o in orgs if o.kind == Organisation.Kind.BUYER and o.org_id == p.buyer_id), None)
    suppliers = [o for o in orgs if o.kind == Organisation.Kind.SUPPLIER and o.org_id in supplier_ids]
    series = [s for s in (run.details or {}).get("R055", {}).get("series", []) if p.ocid in s.get("ocids", [])]
    return {
        "run": run.pk, "process": process_row(p, lang), "components": explained_components(p, run),
        "buyer": organisation_row(buyer, lang) if buyer else None,
        "suppliers": [organisation_row(o, lang) for o in suppliers],
        "ties": [tie_row(t) for t in SupplierTie.objects.filter(run=run, supplier_id__in=supplier_ids)],
        "split_series": series,
        "non_competitive_buyer": (run.details or {}).get("R013", {}).get("buyers", {}).get(p.buyer_id),
    }


def coverage(run: ProcurementRun) -> dict[str, Any]:
    data = dict(run.coverage or {})
    rows = []
    total = int(data.get("processes") or 0)
    for code, entry in (data.get("indicators") or {}).items():
        base = total if entry.get("level") != "supplier" else run.suppliers
        rows.append({"code": code, "title": indicator_title(code), "level": entry.get("level", "process"),
                     "computable": entry.get("computable", 0), "of": base,
                     "share": (entry.get("computable", 0) / base) if base else None,
                     "missing": entry.get("missing", {})})
    return {"run": run.pk, "releases": data.get("releases", run.releases), "processes": total,
            "skipped": data.get("skipped", {}), "indicators": rows}


def summary(run: ProcurementRun) -> dict[str, Any]:
    processes_qs = Process.objects.filter(run=run)
    totals = processes_qs.aggregate(value=Sum("value"), mean=Avg("score"))
    return {"run": run_row(run), "value": _money(totals["value"]), "mean_score": totals["mean"],
            "flag_counts": run.flag_counts, "ties": SupplierTie.objects.filter(run=run).count()}
