"""Store one analysis for the web: run the engine, score, find supplier ties, bulk insert.

The analysis happens in DuckDB (the engine, the composite score, ``attributes``); Python
only moves finished rows into the database, in batches, inside one transaction. A run
that fails is kept with its error, so ``adaldyq procurement runs`` shows what happened.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from adaldyq.screening import public as screening

from . import attributes, ties
from .composite import RiskScores, composite, explain, rank_score
from .engine import Analysis, Engine
from .exceptions import ProcurementError
from .indicator_config import all_enabled, parse_ini
from .indicators.common import BUYER, OCID, TENDERER, value_currency
from .models import Organisation, Process, ProcessSupplier, ProcurementRun, SupplierTie

BATCH = 5000
DEFAULT_SPLIT_THRESHOLD = 10_000_000  # KZT; the demo's open-procedure threshold


def default_settings_text(split_threshold: float = DEFAULT_SPLIT_THRESHOLD) -> str:
    """Every indicator with its defaults, KZT as the main currency, R055 at the threshold."""
    return "currency = KZT\n" + all_enabled(skip=("R055",)) + f"[R055]\nthreshold = {split_threshold}\n"


@dataclass
class Options:
    ties_file: Path | None = None
    screen_ties: bool = True
    threshold: float | None = None
    progress: bool | None = None


def store_run(path: Path, settings_text: str | None = None, options: Options | None = None) -> ProcurementRun:
    """Analyse ``path`` and store the results as a new finished run; return it."""
    options = options or Options()
    settings_text = default_settings_text() if settings_text is None else settings_text
    settings = parse_ini(settings_text)  # a settings error stops before a run is recorded
    tied_people = ties.read_file(options.ties_file) if options.ties_file else []
    run = ProcurementRun.objects.create(file_name=Path(path).name, started_at=timezone.now(),
                                        settings_text=settings_text,
                                        ties_source=options.ties_file.name if options.ties_file else "")
    try:
        with Engine(settings) as engine:
            _analyse_and_store(engine, run, Path(path), tied_people=tied_people, options=options)
    except Exception as error:
        ProcurementRun.objects.filter(pk=run.pk).update(status=ProcurementRun.Status.FAILED, error=str(error),
                                                          finished_at=timezone.now())
        raise
    _refresh_statistics()
    run.refresh_from_db()
    return run


def _refresh_statistics() -> None:
    """Tell the query planner about the rows just inserted.

    Without it, PostgreSQL plans the filtered rankings for empty tables (nested loops
    over a hundred thousand processes: seconds instead of milliseconds) until autovacuum runs.
    """
    tables = [model._meta.db_table for model in (Process, ProcessSupplier, Organisation, SupplierTie)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(tables))
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def _analyse_and_store(engine: Engine, run: ProcurementRun, path: Path, *, tied_people: list[ties.TiedPerson],
                       options: Options) -> None:
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    report = engine.load(path, progress=options.progress)
    analysis = engine.run(maps=False)
    scores = composite(engine, analysis)
    seconds["analysis"] = time.perf_counter() - started

    mark = time.perf_counter()
    attributes.build(engine.con, attributes.source_for(engine.workdir, path), value_currency(engine.ctx))
    attributes.apply_regions(engine.con)
    seconds["attributes"] = time.perf_counter() - mark

    mark = time.perf_counter()
    suppliers = _supplier_names(engine)
    found, ties_report = _find_ties(engine, suppliers, tied_people, options)
    seconds["ties"] = time.perf_counter() - mark

    mark = time.perf_counter()
    tied = {t.supplier_id for t in found}
    with transaction.atomic():
        counts = _store_processes(engine, run, analysis, scores=scores, tied=tied)
        counts |= _store_organisations(engine, run, analysis, scores=scores, tied=tied)
        SupplierTie.objects.bulk_create((SupplierTie(
            run=run, supplier_id=t.supplier_id, supplier_name=t.supplier_name[:500], person_name=t.person_name[:500],
            role=t.role[:100], source=t.source, list_name=t.list_name[:60], match_id=t.match_id[:200],
            match_name=t.match_name[:500], match_url=t.match_url[:300], score=t.score, band=t.band,
            features=list(t.features)) for t in found), batch_size=BATCH)
        seconds["store"] = time.perf_counter() - mark
        coverage = dict(analysis.coverage)
        coverage.setdefault("indicators", {})[ties.CODE] = ties_report.pop("coverage")
        ProcurementRun.objects.filter(pk=run.pk).update(
            status=ProcurementRun.Status.FINISHED, finished_at=timezone.now(), releases=report.rows,
            coverage=coverage, meta=analysis.meta, flag_counts=_flag_counts(analysis, len(tied)), details=_jsonable(analysis.details),
            load_report=report.as_dict(), seconds={**{k: round(v, 3) for k, v in analysis.seconds.items()},
                                                   **{k: round(v, 3) for k, v in seconds.items()}},
            tied_suppliers=len(tied), ties_report=ties_report, **counts)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _flag_counts(analysis: Analysis, tied_suppliers: int) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for group, ids in analysis.results.items():
        for codes in ids.values():
            for code in codes:
                counts.setdefault(group, {}).setdefault(code, 0)
                counts[group][code] += 1
    counts.setdefault(TENDERER, {})[ties.CODE] = tied_suppliers
    return counts


def _supplier_names(engine: Engine) -> dict[str, str]:
    rows = engine.con.execute("""
        SELECT s.supplier, coalesce(n.name, '') FROM (SELECT DISTINCT UNNEST(suppliers) AS supplier FROM web_processes) s
        LEFT JOIN web_names n ON n.id = s.supplier WHERE s.supplier IS NOT NULL ORDER BY s.supplier
    """).fetchall()
    return dict(rows)


def _find_ties(engine: Engine, suppliers: dict[str, str], from_file: list[ties.TiedPerson],
               options: Options) -> tuple[list[ties.Tie], dict[str, Any]]:
    people = ties.from_ocds(engine.con, "web_json") + from_file
    bins = dict(engine.con.execute("""
        SELECT bin, id FROM web_names WHERE bin IS NOT NULL
        AND id IN (SELECT UNNEST(suppliers) FROM web_processes)""").fetchall())
    attached, unknown = ties.resolve(people, suppliers, bins)
    report: dict[str, Any] = {"persons_read": len(people), "from_ocds": sum(p.source == "ocds" for p in people),
                              "from_file": len(from_file), "persons_attached": len(attached),
                              "persons_of_unknown_suppliers": unknown, "lists": [], "threshold": None}
    with_person = {s for s, _ in attached}
    report["coverage"] = {"computable": len(suppliers), "level": "supplier",
                          "missing": {"tied persons (OCDS parties or ties file)": len(set(suppliers) - with_person)}}
    if not options.screen_ties or not suppliers:
        return [], report
    threshold = screening.MATCH_THRESHOLD if options.threshold is None else options.threshold
    indexes = screening.all_indexes()
    report["lists"], report["threshold"] = [index.name for index in indexes], threshold
    return _match_ties(attached, suppliers, indexes, threshold), report


def _matched(result: screening.Result) -> dict[str, Any]:
    """What a tie says of the list entry matched."""
    return {"list_name": result.list, "match_id": result.match_id, "match_name": result.match_name,
            "match_url": result.url, "score": result.score, "band": result.band, "features": tuple(result.features)}


def _match_ties(attached: list[tuple[str, ties.TiedPerson]], suppliers: dict[str, str],
                indexes: list[screening.ListIndex], threshold: float) -> list[ties.Tie]:
    """Screen every tied person, and every supplier's own name, against ``indexes``.

    ``indexes`` are the screening engine's ``ListIndex`` objects (the register and the
    loaded lists). One tie per (supplier, person, list entry): the best score.
    """
    queries = [screening.Query(f"p{n}", person.person_name, birth_date=person.birth_date, iin=person.iin,
                               schema=screening.PERSON)
               for n, (_, person) in enumerate(attached)]
    supplier_ids = list(suppliers)
    queries += [screening.Query(f"s{n}", suppliers[s], schema=screening.COMPANY)
                for n, s in enumerate(supplier_ids) if suppliers[s]]
    found: list[ties.Tie] = []
    for index in indexes:
        for result in index.screen(queries, threshold, include_review=False):
            kind, number = result.query_id[0], int(result.query_id[1:])
            if kind == "p":
                supplier, person = attached[number]
                found.append(ties.Tie(supplier_id=supplier, supplier_name=suppliers.get(supplier) or person.supplier_name,
                                      person_name=person.person_name, role=person.role, source=person.source,
                                      **_matched(result)))
            else:
                supplier = supplier_ids[number]
                found.append(ties.Tie(supplier_id=supplier, supplier_name=suppliers[supplier],
                                      person_name=suppliers[supplier], role="the supplier itself", source="supplier",
                                      **_matched(result)))
    found.sort(key=lambda t: (-t.score, t.supplier_id, t.person_name, t.list_name, t.match_id))
    return found


def _flags_by(analysis: Analysis, group: str) -> dict[str, dict[str, float]]:
    return analysis.results.get(group, {})


def _store_processes(engine: Engine, run: ProcurementRun, analysis: Analysis, *, scores: RiskScores,
                     tied: set[str]) -> dict[str, int]:
    flags = _flags_by(analysis, OCID)
    codes = scores.codes
    columns = ", ".join(f"s.{c}" for c in codes) or "NULL"
    cursor = engine.con.cursor().execute(f"""
        SELECT w.line, w.ocid, w.title, w.buyer_id, w.buyer_name, w.suppliers, w.method, w.method_details, w.value,
            w.region_text, coalesce(r.code, ''), w.sector, w.date, w.score, w.computable, {columns}
        FROM web_processes w JOIN risk_process_scores s ON s.line = w.line
        LEFT JOIN web_regions r ON r.text = w.region_text ORDER BY w.line
    """)
    names = dict(engine.con.execute("SELECT id, name FROM web_names").fetchall())
    currency = value_currency(engine.ctx) or ""
    total = flagged = 0
    while rows := cursor.fetchmany(BATCH):
        batch: list[Process] = []
        links: list[tuple[int, list[str]]] = []
        for (line, ocid, title, buyer_id, buyer_name, suppliers, method, details, value, region_text, region,
             sector, date, score, computable, *values) in rows:
            components = dict(zip(codes, values, strict=True))
            _, contributions = explain(components)
            own = flags.get(ocid, {})
            supplier_ids = [s for s in (suppliers or []) if s]
            batch.append(Process(
                run=run, line=line, ocid=ocid[:200], title=(title or "")[:500], buyer_id=(buyer_id or "")[:200],
                buyer_name=(buyer_name or "")[:500],
                suppliers=[{"id": s, "name": names.get(s, "")} for s in supplier_ids],
                method=(method or "")[:50], method_details=(details or "")[:300], value=value,
                currency=currency if value is not None else "", region=region, region_text=(region_text or "")[:200],
                sector=sector or "", date=date, score=score, computable=computable or 0,
                rank_score=rank_score(components), components=components,
                contributions=contributions, flags=own, flag_count=len(own),
                tied=any(s in tied for s in supplier_ids)))
            links.append((len(batch) - 1, supplier_ids))
            flagged += bool(score)
        created = Process.objects.bulk_create(batch)
        ProcessSupplier.objects.bulk_create(
            [ProcessSupplier(run=run, process_id=created[i].pk, supplier_id=s[:200]) for i, ids in links for s in ids],
            batch_size=BATCH)
        total += len(batch)
    return {"processes": total, "flagged_processes": flagged}


def _store_organisations(engine: Engine, run: ProcurementRun, analysis: Analysis, *, scores: RiskScores,
                         tied: set[str]) -> dict[str, int]:
    stats: dict[tuple[str, str], tuple[Any, ...]] = {}
    for level, column, source in (("buyer", "buyer_id", "web_processes"),
                                  ("supplier", "supplier", "(SELECT *, UNNEST(suppliers) AS supplier FROM web_processes)")):
        for ident, value, flagged, region in engine.con.execute(f"""
            SELECT {column}, sum(value), count(*) FILTER (WHERE score > 0), mode(r.code)
            FROM {source} w LEFT JOIN web_regions r ON r.text = w.region_text
            WHERE {column} IS NOT NULL GROUP BY {column}
        """).fetchall():
            stats[(level, ident)] = (value, flagged, region)
    names = dict(engine.con.execute("SELECT id, name FROM web_names").fetchall())
    supplier_regions = dict(engine.con.execute(
        "SELECT n.id, r.code FROM web_names n JOIN web_regions r ON r.text = n.region").fetchall())
    counts = {}
    for level, groups in (("buyer", (BUYER,)), ("supplier", (TENDERER,))):
        own_flags = {ident: codes for group in groups for ident, codes in _flags_by(analysis, group).items()}
        rows = []
        for score in scores.organisations(level):
            value, flagged, region = stats.get((level, score.id), (None, 0, None))
            if level == "supplier":
                region = supplier_regions.get(score.id)
            rows.append(Organisation(
                run=run, kind=level, org_id=score.id[:200], name=names.get(score.id, "")[:500], region=region or "",
                score=score.score, computable=score.computable, rank_score=score.rank, processes=score.processes,
                flagged_processes=flagged,
                value=value, components=score.components, contributions=score.contributions,
                flags=own_flags.get(score.id, {}), tied=level == "supplier" and score.id in tied))
        Organisation.objects.bulk_create(rows, batch_size=BATCH)
        counts[f"{level}s"] = len(rows)
    return counts


def delete_run(run: ProcurementRun) -> None:
    with transaction.atomic():
        run.delete()


class NoRun(ProcurementError):
    """No finished run is stored yet."""


def latest_run() -> ProcurementRun:
    run = ProcurementRun.objects.filter(status=ProcurementRun.Status.FINISHED).first()
    if run is None:
        raise NoRun("no procurement analysis has been loaded yet: run `adaldyq procurement load FILE.jsonl`")
    return run
