"""Run the indicators over one input file and return Cardinal-shaped results.

The work happens in DuckDB: the input is read once into a table of an in-memory database
that DuckDB evicts to its temporary directory beyond ``memory_limit`` (so memory stays
bounded whatever the file size, and a file that fits is never written and re-read: an
on-disk database cost a sixth of the CPU time on 200,000 releases), and each indicator is
a few SQL statements over it. Python only sees per-organisation aggregates, the values a quartile
needs, and the flagged rows.

Usage::

    with Engine(settings) as engine:
        engine.load(path)
        analysis = engine.run()
        scores = engine.risk(analysis)      # composite score, see composite.py
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from . import indicators
from .backends import ENGINES, Backend, DuckDBBackend, SparkBackend
from .exceptions import SettingsError
from .indicator_config import Settings
from .indicators.common import Context, derived_sql
from .ingest import LoadReport, OnMalformed

Results = dict[str, dict[str, dict[str, float]]]
MAP_KEYS = ("ocid_tenderer", "ocid_buyer_r038", "ocid_procuringentity_r038", "ocid_tenderer_r024",
            "ocid_tenderer_r028", "ocid_tenderer_r030", "ocid_tenderer_r035", "ocid_tenderer_r058")


@dataclass(kw_only=True)
class Analysis:
    """Everything one run produced. ``cardinal()`` gives the exact Cardinal JSON object."""

    results: Results = field(default_factory=dict)
    meta: dict[str, dict[str, float | None]] = field(default_factory=dict)
    maps: dict[str, dict[str, Any]] = field(default_factory=lambda: {key: {} for key in MAP_KEYS})
    coverage: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    load: LoadReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def cardinal(self, meta: bool = True, maps: bool = False) -> dict[str, Any]:
        document: dict[str, Any] = {group: ids for group, ids in self.results.items() if ids}
        if meta:
            document["Meta"] = self.meta
        if maps:
            document["Maps"] = self.maps
        return document

    def flags(self, code: str | None = None) -> list[tuple[str, str, str, float]]:
        """Flat rows (group, identifier, code, value), convenient for storing."""
        return [
            (group, ident, c, value)
            for group, ids in self.results.items()
            for ident, codes in ids.items()
            for c, value in codes.items()
            if code is None or c == code
        ]


class Engine:
    """One analysis: a backend holding the input (DuckDB by default, or Spark), and the indicators.

    ``engine="spark"`` runs the same SQL on Apache Spark (``spark`` is an existing session;
    by default the active one or a new local one). ``con`` and ``workdir`` exist on DuckDB
    only, for the steps that stay there (composite score, web attributes).
    """

    def __init__(self, settings: Settings, *, workdir: Path | None = None, memory_limit: str | None = None,
                 threads: int | None = None, engine: str = "duckdb", spark: Any = None) -> None:
        if engine not in ENGINES:
            raise SettingsError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
        self.settings = settings
        self.db: Backend
        if engine == "spark":
            self.db = SparkBackend(spark)
        else:
            duck = DuckDBBackend(workdir=workdir, memory_limit=memory_limit, threads=threads)
            self.con, self.workdir = duck.con, duck.workdir
            self.db = duck
        self.report: LoadReport | None = None
        self.ctx = Context(self.db, settings)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def load(self, path: Path | str, on_malformed: OnMalformed = "skip", progress: bool | None = None) -> LoadReport:
        self.report = self.db.load(path, derived_sql(self.settings), on_malformed, progress)
        self.ctx.cache.clear()
        return self.report

    def enabled(self) -> list[ModuleType]:
        return [module for module in indicators.ALL if self.settings.enabled(module.CODE)]

    def run(self, coverage: bool = True, maps: bool = False) -> Analysis:
        """Run every enabled indicator.

        ``maps=True`` also builds Cardinal's ``--map`` output; two of its maps cover every
        process with bids, so they are skipped unless asked for, to keep memory flat.
        """
        self.ctx.maps = maps
        analysis = Analysis(load=self.report)
        for module in self.enabled():
            started = time.perf_counter()
            output = module.run(self.ctx)
            for group, ident, value in output.rows:
                analysis.results.setdefault(group, {}).setdefault(ident, {})[module.CODE] = value
            if output.meta:
                analysis.meta[module.CODE] = output.meta
            if output.details:
                analysis.details[module.CODE] = output.details
            for key, mapping in output.maps.items():
                analysis.maps.setdefault(key, {}).update(mapping)
            analysis.seconds[module.CODE] = time.perf_counter() - started
        if maps and any(self.settings.enabled(code) for code in ("R025", "R038", "R048")):
            analysis.maps["ocid_tenderer"] = self._ocid_tenderer()
        if coverage:
            started = time.perf_counter()
            analysis.coverage = self.coverage()
            analysis.seconds["coverage"] = time.perf_counter() - started
        return analysis

    def _ocid_tenderer(self) -> dict[str, list[str]]:
        rows = self.ctx.rows("""
            SELECT ocid, list_sort(list_distinct(flatten(list_transform(
                list_filter(bids, lambda b: b.status IS NOT NULL AND b.status NOT IN ('invited', 'withdrawn')),
                lambda b: list_filter(coalesce(b.tenderers, []), lambda t: t IS NOT NULL))))) AS ids
            FROM proc WHERE bids IS NOT NULL ORDER BY line
        """)
        return {ocid: list(ids) for ocid, ids in rows if ids}

    def coverage(self) -> dict[str, Any]:
        """For each enabled indicator: processes it could be computed for, and missing fields."""
        parts = ["count(*)"]
        layout: list[tuple[str, str | None]] = []
        for module in self.enabled():
            parts.append(f"count(*) FILTER (WHERE coalesce({module.eligible(self.ctx)}, false))")
            layout.append((module.CODE, None))
            for name, present in module.fields(self.ctx).items():
                parts.append(f"count(*) FILTER (WHERE NOT coalesce({present}, false))")
                layout.append((module.CODE, name))
        counts = self.ctx.one("SELECT " + ", ".join(parts) + " FROM proc")
        skipped = self.ctx.one("""
            SELECT count(*), count(*) FILTER (WHERE ocid IS NULL),
                count(*) FILTER (WHERE ocid IS NOT NULL AND tender_status = 'cancelled')
            FROM releases
        """)
        total = int(counts[0])
        report: dict[str, Any] = {
            "releases": int(skipped[0]),
            "processes": total,
            "skipped": {
                "no string ocid": int(skipped[1]),
                "tender cancelled": int(skipped[2]),
                "excluded procurementMethodDetails": int(skipped[0]) - int(skipped[1]) - int(skipped[2]) - total,
            },
            "indicators": {},
        }
        for (code, name), value in zip(layout, counts[1:], strict=True):
            entry = report["indicators"].setdefault(code, {"computable": 0, "missing": {}})
            if name is None:
                entry["computable"] = int(value)
            else:
                entry["missing"][name] = int(value)
        return report


def analyse(path: Path | str, settings: Settings, *, on_malformed: OnMalformed = "skip", progress: bool | None = None,
            coverage: bool = True, maps: bool = False, **engine_options: Any) -> Analysis:
    """Load ``path`` and run every enabled indicator: the one-call form."""
    with Engine(settings, **engine_options) as engine:
        engine.load(path, on_malformed=on_malformed, progress=progress)
        return engine.run(coverage=coverage, maps=maps)
