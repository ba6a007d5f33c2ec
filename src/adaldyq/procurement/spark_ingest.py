"""Read compiled releases into Spark as the same typed ``releases`` table DuckDB builds.

Spark reads the JSON lines as text (from a path or an object-store URL such as
``s3a://bucket/releases.jsonl``), parses each line once into a VARIANT and takes the
fields the indicators read. A VARIANT keeps each value's JSON type, so a string
``"100"`` is told from a number ``100`` exactly as the DuckDB reader tells them (Cardinal
treats the string as a missing amount). The columns, and the settings-dependent columns
of ``common.derived_sql`` (transpiled like every indicator), are those of ingest.py.

Known differences from the DuckDB reader: a line with trailing content after its JSON
value is read (DuckDB and Cardinal skip it), and bytes that are not UTF-8 are replaced
rather than the line skipped. Release and record packages must be compiled first
(``adaldyq-cardinal`` on DuckDB does that).
"""

from __future__ import annotations

import time
from typing import Any

from .dialect import to_spark
from .exceptions import MalformedLine
from .ingest import LoadReport, OnMalformed

NUMBER = "'^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL)'"
INTEGER = "'^(TINYINT|SMALLINT|INT|BIGINT)$'"


def jstr(base: str, path: str) -> str:
    """The value at ``path`` if it is a JSON string, else NULL (``ingest.jstr``)."""
    return (f"CASE WHEN schema_of_variant(variant_get({base}, '{path}')) = 'STRING' "
            f"THEN variant_get({base}, '{path}', 'string') END")


def jnum(base: str, path: str) -> str:
    """The value at ``path`` as a finite double if it is a JSON number, else NULL (``ingest.jnum``)."""
    value = f"try_variant_get({base}, '{path}', 'double')"
    return (f"CASE WHEN schema_of_variant(variant_get({base}, '{path}')) RLIKE {NUMBER} "
            f"AND NOT isnan({value}) AND abs({value}) <> double('Infinity') THEN {value} END")


def number_text(base: str, path: str) -> str:
    """Text that compares as DuckDB's raw JSON text does: '1' only for the integer 1."""
    node = f"variant_get({base}, '{path}')"
    return (f"CASE WHEN schema_of_variant({node}) RLIKE {INTEGER} THEN CAST(variant_get({base}, '{path}', 'bigint') AS STRING) "
            f"WHEN schema_of_variant({node}) RLIKE {NUMBER} THEN concat(to_json({node}), '.') "
            f"ELSE to_json({node}) END")


def _array(base: str, path: str) -> str:
    return f"try_variant_get({base}, '{path}', 'array<variant>')"


CLEAN_SELECT = f"""
    line,
    {jstr('v', '$.ocid')} AS ocid,
    {jstr('v', '$.tender.status')} AS tender_status,
    {jstr('v', '$.tender.procurementMethod')} AS method,
    {jstr('v', '$.tender.procurementMethodDetails')} AS details,
    {jstr('v', '$.tender.procurementMethodRationale')} AS rationale,
    {number_text('v', '$.tender.numberOfTenderers')} AS number_of_tenderers,
    {jstr('v', '$.tender.tenderPeriod.startDate')} AS start_date,
    {jstr('v', '$.tender.tenderPeriod.endDate')} AS end_date,
    {jnum('v', '$.tender.value.amount')} AS tender_amount,
    {jstr('v', '$.tender.value.currency')} AS tender_currency,
    {jstr('v', '$.buyer.id')} AS buyer_id,
    {jstr('v', '$.tender.procuringEntity.id')} AS procuring_entity_id,
    transform({_array('v', '$.bids.details')}, b -> named_struct(
        'status', {jstr('b', '$.status')}, 'date', {jstr('b', '$.date')},
        'amount', {jnum('b', '$.value.amount')}, 'currency', {jstr('b', '$.value.currency')},
        'tenderers', transform({_array('b', '$.tenderers')}, t -> {jstr('t', '$.id')}))) AS bids,
    transform({_array('v', '$.awards')}, a -> named_struct(
        'status', {jstr('a', '$.status')}, 'date', {jstr('a', '$.date')},
        'amount', {jnum('a', '$.value.amount')}, 'currency', {jstr('a', '$.value.currency')},
        'suppliers', transform({_array('a', '$.suppliers')}, s -> {jstr('s', '$.id')}),
        'codes', transform({_array('a', '$.items')}, i -> {jstr('i', '$.classification.id')}))) AS awards
"""


def load(spark: Any, path: str, derived: str, on_malformed: OnMalformed = "skip") -> LoadReport:
    """Create the cached ``releases`` view in ``spark`` from the JSON lines at ``path``."""
    from pyspark.sql import functions as F

    started = time.perf_counter()
    report = LoadReport(path=str(path))
    # File order: ids grow with the position in the file (partitions follow the file's splits).
    text = spark.read.text(str(path)).withColumn("line", F.monotonically_increasing_id())
    text.createOrReplaceTempView("raw_lines")
    # Only the typed table is cached: caching the text or the VARIANTs would hold the whole
    # file in the JVM's memory. Lines that are not JSON are looked for in a second, streaming pass.
    spark.sql("CREATE OR REPLACE TEMP VIEW parsed_lines AS SELECT line, try_parse_json(value) AS v "
              "FROM raw_lines WHERE trim(value) <> ''")
    spark.sql(f"CREATE OR REPLACE TEMP VIEW clean_releases AS SELECT {CLEAN_SELECT} FROM parsed_lines "
              "WHERE v IS NOT NULL")
    query = to_spark(derived.replace("{clean}", "SELECT * FROM clean_releases"))
    _cache(spark, "releases", query)
    bad = spark.sql("SELECT count(*) FROM raw_lines WHERE trim(value) <> '' AND try_parse_json(value) IS NULL"
                    ).collect()[0][0]
    if bad:
        _report_malformed(spark, report, on_malformed)
    report.rows = int(spark.sql("SELECT count(*) FROM releases").collect()[0][0])
    report.seconds = time.perf_counter() - started
    return report


def _cache(spark: Any, name: str, query: str) -> None:
    """``CACHE TABLE name AS query``, replacing an earlier run's table of that name."""
    spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
    spark.sql(f"DROP VIEW IF EXISTS {name}")
    spark.sql(f"CACHE TABLE {name} AS {query}")


def _report_malformed(spark: Any, report: LoadReport, on_malformed: OnMalformed) -> None:
    """Line numbers of the lines that are not JSON (a second pass, only when there are some)."""
    rows = spark.sql("""
        SELECT number FROM (
            SELECT line, value, row_number() OVER (ORDER BY line) AS number FROM raw_lines
        ) WHERE trim(value) <> '' AND try_parse_json(value) IS NULL ORDER BY number
    """).collect()
    for (number,) in rows:
        if on_malformed == "reject":
            raise MalformedLine(report.path, int(number), "not JSON")
        report.malformed.append((int(number), "not JSON"))
