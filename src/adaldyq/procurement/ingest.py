"""Read OCDS input into DuckDB as one typed table of compiled releases, in bounded memory.

The fast path hands a file of compiled releases (one JSON object per line) straight to
DuckDB's parallel JSON reader with an explicit projection: only the fields some indicator
reads are kept, each leaf as raw JSON so that a wrong type can be told from a right one
(Cardinal treats ``"100"`` as a missing amount, not as 100). The cleaning step turns the
leaves into typed columns in the same pass.

Two rarer inputs take slower, exact paths, so nothing is dropped silently:

* a line that is not JSON (or not UTF-8): a streaming scan reports every such line with its
  number, then either rejects the file or reads a copy without those lines;
* a line whose containers have an unexpected shape (``"tender": "x"``): the shape-tolerant
  reader, which treats each mismatched part as missing, as Cardinal does.

Release packages and record packages are compiled first (ocdsmerge), also streamed.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

import duckdb

from .exceptions import InputFormatError, MalformedLine

OnMalformed = Literal["skip", "reject"]

# The fields the indicators read; every leaf is kept as raw JSON text ("J").
RAW_SHAPE: dict[str, Any] = {
    "ocid": "J",
    "buyer": {"id": "J"},
    "tender": {
        "status": "J", "procurementMethod": "J", "procurementMethodDetails": "J",
        "procurementMethodRationale": "J", "numberOfTenderers": "J",
        "procuringEntity": {"id": "J"},
        "value": {"amount": "J", "currency": "J"},
        "tenderPeriod": {"startDate": "J", "endDate": "J"},
    },
    "bids": {"details": [{
        "status": "J", "date": "J", "tenderers": [{"id": "J"}],
        "value": {"amount": "J", "currency": "J"},
    }]},
    "awards": [{
        "status": "J", "date": "J", "value": {"amount": "J", "currency": "J"},
        "suppliers": [{"id": "J"}], "items": [{"classification": {"id": "J"}}],
    }],
}

MACROS = r"""
CREATE OR REPLACE TEMP MACRO jstr(j) AS
    CASE WHEN left(CAST(j AS VARCHAR), 1) = '"' THEN json_extract_string(j, '$') END;
CREATE OR REPLACE TEMP MACRO jnum_(s) AS
    CASE WHEN left(s, 1) IN ('-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
         THEN TRY_CAST(s AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO jnum(j) AS
    CASE WHEN isfinite(jnum_(CAST(j AS VARCHAR))) THEN jnum_(CAST(j AS VARCHAR)) END;
"""

# Raw struct -> typed columns. Lists stay NULL when the JSON is not an array; an element
# id that is not a string becomes NULL inside its list, so list lengths are kept.
CLEAN_SELECT = """
    jstr(ocid) AS ocid,
    jstr(tender.status) AS tender_status,
    jstr(tender.procurementMethod) AS method,
    jstr(tender.procurementMethodDetails) AS details,
    jstr(tender.procurementMethodRationale) AS rationale,
    CAST(tender.numberOfTenderers AS VARCHAR) AS number_of_tenderers,
    jstr(tender.tenderPeriod.startDate) AS start_date,
    jstr(tender.tenderPeriod.endDate) AS end_date,
    jnum(tender.value.amount) AS tender_amount,
    jstr(tender.value.currency) AS tender_currency,
    jstr(buyer.id) AS buyer_id,
    jstr(tender.procuringEntity.id) AS procuring_entity_id,
    list_transform(bids.details, lambda b: struct_pack(
        status := jstr(b.status), date := jstr(b.date),
        amount := jnum(b.value.amount), currency := jstr(b.value.currency),
        tenderers := list_transform(b.tenderers, lambda t: jstr(t.id)))) AS bids,
    list_transform(awards, lambda a: struct_pack(
        status := jstr(a.status), date := jstr(a.date),
        amount := jnum(a.value.amount), currency := jstr(a.value.currency),
        suppliers := list_transform(a.suppliers, lambda s: jstr(s.id)),
        codes := list_transform(a.items, lambda i: jstr(i.classification.id)))) AS awards
"""

# OCDS 1.1 merge rules (from the release schema), so that compiling needs no network.
MERGE_RULES: dict[tuple[str, ...], str] = {
    ("id",): "omitWhenMerged",
    ("date",): "omitWhenMerged",
    ("tag",): "omitWhenMerged",
    ("parties", "roles"): "wholeListMerge",
    ("tender", "submissionMethod"): "wholeListMerge",
    ("tender", "additionalProcurementCategories"): "wholeListMerge",
    ("tender", "items", "additionalClassifications"): "wholeListMerge",
    ("awards", "items", "additionalClassifications"): "wholeListMerge",
    ("contracts", "items", "additionalClassifications"): "wholeListMerge",
    ("relatedProcesses", "relationship"): "wholeListMerge",
    ("contracts", "relatedProcesses", "relationship"): "wholeListMerge",
}


@dataclass
class LoadReport:
    """What reading the input found, for the user and for the coverage report."""

    path: str
    _: KW_ONLY
    form: str = "compiled releases"
    rows: int = 0
    malformed: list[tuple[int, str]] = field(default_factory=list)
    shape_tolerant: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "form": self.form, "rows": self.rows,
            "malformed_lines": [{"line": n, "reason": r} for n, r in self.malformed],
            "shape_tolerant": self.shape_tolerant, "seconds": round(self.seconds, 3),
        }


def _duck_type(shape: Any) -> str:
    if shape == "J":
        return "JSON"
    if isinstance(shape, list):
        return _duck_type(shape[0]) + "[]"
    fields = ", ".join(f'"{name}" {_duck_type(inner)}' for name, inner in shape.items())
    return f"STRUCT({fields})"


def _transform_structure(shape: Any) -> Any:
    if shape == "J":
        return "JSON"
    if isinstance(shape, list):
        return [_transform_structure(shape[0])]
    return {name: _transform_structure(inner) for name, inner in shape.items()}


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def detect_form(path: Path) -> str:
    """Tell compiled-release lines from release or record packages by the first value.

    The first few non-empty lines are tried, so a malformed first line of a JSON-lines
    file is left to the malformed-line policy instead of making the file look like a
    pretty-printed package.
    """
    value: object = None
    with path.open("rb") as handle:
        tried = 0
        for raw in handle:
            if not raw.strip():
                continue
            tried += 1
            try:
                value = json.loads(raw)
                break
            except ValueError:
                if tried >= 5:
                    break
        else:
            if tried == 0:
                return "compiled releases"
    if value is None:
        # Not one JSON value per line: a (pretty-printed) package document.
        return _package_kind_streaming(path)
    if isinstance(value, dict) and isinstance(value.get("records"), list):
        return "record packages"
    if isinstance(value, dict) and isinstance(value.get("releases"), list):
        return "release packages"
    return "compiled releases"


def _package_kind_streaming(path: Path) -> str:
    import ijson

    try:
        with path.open("rb") as handle:
            for prefix, event, _ in ijson.parse(handle):
                if prefix == "releases" and event == "start_array":
                    return "release package document"
                if prefix == "records" and event == "start_array":
                    return "record package document"
    except ijson.JSONError as exc:
        raise InputFormatError(f"{path}: not JSON lines, and not a readable package document ({exc})") from exc
    raise InputFormatError(f"{path}: neither JSON lines nor a release or record package")


def scan_malformed(path: Path, clean: IO[bytes] | None, on_malformed: OnMalformed) -> list[tuple[int, str]]:
    """Find lines that are not JSON, one by one, with line numbers.

    With ``on_malformed="reject"`` the first one raises MalformedLine. Otherwise every good
    line is copied to ``clean`` (when given) and the bad ones are returned.
    """
    problems: list[tuple[int, str]] = []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as error:
                reason = f"not UTF-8 ({error.reason} at byte {error.start})"
            except ValueError as error:
                reason = f"not JSON ({error})"
            else:
                if clean is not None:
                    clean.write(raw if raw.endswith(b"\n") else raw + b"\n")
                continue
            if on_malformed == "reject":
                raise MalformedLine(str(path), number, reason)
            problems.append((number, reason))
    return problems


def _documents(path: Path, form: str) -> Iterator[dict[str, Any]]:
    """Yield releases (or records) from package lines or from one package document."""
    key = "records" if form.startswith("record") else "releases"
    if form.endswith("document"):
        import ijson

        try:
            with path.open("rb") as handle:
                yield from ijson.items(handle, f"{key}.item", use_float=True)
        except ijson.JSONError as exc:
            # One document has no lines to skip: a broken one is refused whole.
            raise InputFormatError(f"{path}: the package document is not valid JSON ({exc})") from exc
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                package = json.loads(raw)
            except ValueError as error:
                raise MalformedLine(str(path), number, f"not JSON ({error})") from None
            yield from package.get(key) or []


def compile_packages(path: Path, form: str, out: IO[str], workdir: Path) -> int:
    """Compile release or record packages to compiled-release lines; return how many.

    Records that carry a compiledRelease are used as they are. Releases are grouped by
    ocid through an on-disk DuckDB sort, so memory does not grow with the input.
    """
    import ocdsmerge

    merger = ocdsmerge.Merger(merge_rules=MERGE_RULES)
    count = 0
    staged = workdir / "releases-by-ocid.jsonl"
    with staged.open("w", encoding="utf-8") as stage:
        for item in _documents(path, form):
            if not isinstance(item, dict):
                continue
            if "compiledRelease" in item and isinstance(item["compiledRelease"], dict):
                out.write(json.dumps(item["compiledRelease"], ensure_ascii=False) + "\n")
                count += 1
                continue
            releases = item.get("releases") if form.startswith("record") else [item]
            for release in releases or []:
                if isinstance(release, dict) and isinstance(release.get("ocid"), str) and "url" not in release:
                    stage.write(json.dumps({"o": release["ocid"], "r": release}, ensure_ascii=False) + "\n")
    con = duckdb.connect(str(workdir / "compile.duckdb"))
    try:
        con.execute(f"SET temp_directory = {_sql_string(str(workdir))}; SET memory_limit = '512MB'")
        cursor = con.execute(
            f"SELECT o, CAST(r AS VARCHAR) FROM read_json({_sql_string(str(staged))}, format='newline_delimited', "
            "columns={'o': 'VARCHAR', 'r': 'JSON'}) WITH ORDINALITY ORDER BY o, ordinality"
        )
        group: list[dict[str, Any]] = []
        current: str | None = None
        while rows := cursor.fetchmany(10_000):
            for ocid, text in rows:
                if ocid != current and group:
                    out.write(json.dumps(merger.create_compiled_release(group), ensure_ascii=False) + "\n")
                    count += 1
                    group = []
                current = ocid
                group.append(json.loads(text))
        if group:
            out.write(json.dumps(merger.create_compiled_release(group), ensure_ascii=False) + "\n")
            count += 1
    finally:
        con.close()
        staged.unlink(missing_ok=True)
    return count


def _run_with_progress(con: duckdb.DuckDBPyConnection, sql: str, progress: bool, label: str) -> None:
    """Run one long statement; on a terminal, mirror DuckDB's own progress in a tqdm bar."""
    if not progress:
        con.execute(sql)
        return
    from tqdm import tqdm

    failure: list[BaseException] = []

    def work() -> None:
        try:
            con.execute(sql)
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    thread = threading.Thread(target=work, daemon=True)
    with tqdm(total=100, desc=label, unit="%", file=sys.stderr, bar_format="{l_bar}{bar}| {elapsed}") as bar:
        thread.start()
        while thread.is_alive():
            thread.join(0.2)
            done = con.query_progress()
            if done > bar.n:
                bar.update(int(done) - bar.n)
        bar.update(100 - bar.n)
    if failure:
        raise failure[0]


def _materialise(con: duckdb.DuckDBPyConnection, path: Path, *, tolerant: bool, progress: bool,
                 max_object_size: int, derived: str) -> None:
    source = _sql_string(str(path))
    if tolerant:
        structure = _sql_string(json.dumps(_transform_structure(RAW_SHAPE)))
        inner = (
            f"SELECT UNNEST(json_transform(json, {structure})) FROM read_json({source}, "
            f"format='newline_delimited', records=false, columns={{'json': 'JSON'}}, "
            f"maximum_object_size={max_object_size})"
        )
    else:
        columns = "{" + ", ".join(f"{_sql_string(k)}: {_sql_string(_duck_type(v))}" for k, v in RAW_SHAPE.items()) + "}"
        inner = (
            f"SELECT * FROM read_json({source}, format='newline_delimited', "
            f"columns={columns}, maximum_object_size={max_object_size})"
        )
    # Insertion order is preserved, so rowid + 1 numbers the lines that hold JSON values.
    sql = f"CREATE OR REPLACE TABLE releases AS {derived.replace('{clean}', f'SELECT {CLEAN_SELECT} FROM ({inner})')}"
    _run_with_progress(con, sql, progress, "reading")


def load(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path, *, on_malformed: OnMalformed = "skip",
         progress: bool | None = None, max_object_size: int = 16 * 1024 * 1024,
         derived: str = "SELECT * FROM ({clean})") -> LoadReport:
    """Create the ``releases`` table in ``con`` from ``path``; return what was found.

    ``derived`` wraps the cleaned projection (``{clean}``) in a query that may add columns
    computed in the same pass, such as the settings-dependent filters of the engine.
    """
    started = time.perf_counter()
    if progress is None:
        progress = sys.stderr.isatty()
    report = LoadReport(path=str(path))
    con.execute(MACROS)
    report.form = detect_form(path)
    source = path
    if report.form != "compiled releases":
        source = workdir / "compiled.jsonl"
        with source.open("w", encoding="utf-8") as out:
            compile_packages(path, report.form, out, workdir)
    try:
        _materialise(con, source, tolerant=False, progress=progress, max_object_size=max_object_size, derived=derived)
    except duckdb.InvalidInputException as error:
        message = str(error)
        if "maximum_object_size" in message or "maximum object size" in message.lower():
            # One very large release: retry with room for it rather than call it malformed.
            if max_object_size >= 1024 ** 3:
                raise InputFormatError(f"{path}: a line is larger than 1 GB") from None
            return load(con, path, workdir, on_malformed=on_malformed, progress=progress,
                        max_object_size=max_object_size * 16, derived=derived)
        if "Malformed JSON" in message or "UTF-8" in message:
            cleaned = workdir / "wellformed.jsonl"
            with cleaned.open("wb") as clean:
                report.malformed = scan_malformed(source, clean, on_malformed)
            source = cleaned
            try:
                _materialise(con, source, tolerant=False, progress=progress, max_object_size=max_object_size,
                             derived=derived)
            except duckdb.InvalidInputException:
                report.shape_tolerant = True
                _materialise(con, source, tolerant=True, progress=progress, max_object_size=max_object_size,
                             derived=derived)
        else:
            report.shape_tolerant = True
            _materialise(con, source, tolerant=True, progress=progress, max_object_size=max_object_size,
                         derived=derived)
    report.rows = int(con.execute("SELECT count(*) FROM releases").fetchall()[0][0])
    report.seconds = time.perf_counter() - started
    return report
