"""Where the indicators' SQL runs: embedded DuckDB (the default) or Apache Spark.

Both take the same SQL text, written in DuckDB's dialect (``dialect.py`` transpiles it for
Spark), and offer the same four operations: ``load`` the input into ``releases`` and the
``proc`` view, ``rows`` of a query, ``create`` a named intermediate table, ``close``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Protocol

import duckdb

from .exceptions import InputFormatError
from .ingest import LoadReport, OnMalformed, load

ENGINES = ("duckdb", "spark")


class Backend(Protocol):
    name: str

    def rows(self, sql: str) -> list[tuple[Any, ...]]: ...

    def create(self, name: str, sql: str) -> None: ...

    def load(self, path: str | Path, derived: str, on_malformed: OnMalformed, progress: bool | None) -> LoadReport: ...

    def close(self) -> None: ...


def _default_memory_limit() -> str:
    return os.environ.get("ADALDYQ_DUCKDB_MEMORY_LIMIT", "1GB")


class DuckDBBackend:
    """One in-memory DuckDB database, spilling to a private temporary directory."""

    name = "duckdb"

    def __init__(self, *, workdir: Path | None = None, memory_limit: str | None = None,
                 threads: int | None = None) -> None:
        base = workdir or Path(os.environ.get("ADALDYQ_WORKDIR", tempfile.gettempdir()))
        base.mkdir(parents=True, exist_ok=True)
        self.workdir = Path(tempfile.mkdtemp(prefix="adaldyq-procurement-", dir=base))
        # In memory, evicted to temp_directory beyond memory_limit: a file that fits is never
        # written and read back (an on-disk database cost a sixth more CPU on 200,000 releases).
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET memory_limit = '{memory_limit or _default_memory_limit()}'")
        self.con.execute(f"SET temp_directory = '{self.workdir / 'spill'}'")
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute("SET TimeZone = 'UTC'")  # dates without an offset mean UTC on every engine
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def create(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def load(self, path: str | Path, derived: str, on_malformed: OnMalformed, progress: bool | None) -> LoadReport:
        try:
            report = load(self.con, Path(path), self.workdir, on_malformed=on_malformed, progress=progress,
                          derived=derived)
        except duckdb.Error as error:
            raise InputFormatError(f"cannot read {path}: {error}") from error
        # Insertion order is preserved, so rowid + 1 numbers the lines that hold JSON values.
        self.con.execute("CREATE OR REPLACE TEMP VIEW proc AS SELECT rowid + 1 AS line, * FROM releases WHERE keep")
        return report

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


SPARK_CONF = {
    # DuckDB's semantics: an index out of range or a division by zero is NULL, size(NULL) is NULL.
    "spark.sql.ansi.enabled": "false",
    "spark.sql.legacy.sizeOfNull": "false",
    "spark.sql.session.timeZone": "UTC",
}


def spark_session(master: str | None = None) -> Any:
    """The active Spark session (as under ``spark-submit``), or a new one; ``master`` e.g. local[2]."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("adaldyq-procurement")
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        # One machine: a few shuffle partitions, not Spark's 200 (each a task per statement).
        builder = builder.config("spark.sql.shuffle.partitions", str(2 * (os.cpu_count() or 1)))
    for key, value in SPARK_CONF.items():
        builder = builder.config(key, value)
    builder = builder.config("spark.ui.showConsoleProgress", "false")  # standard error is for our messages
    session = builder.getOrCreate()
    for key, value in SPARK_CONF.items():  # a session that already existed gets them too
        session.conf.set(key, value)
    return session


class SparkBackend:
    """A Spark session; intermediate tables are cached temporary views."""

    name = "spark"

    def __init__(self, spark: Any = None) -> None:
        try:
            self.spark = spark or spark_session()
        except ImportError as error:
            raise InputFormatError("--engine spark needs pyspark: pip install pyspark") from error
        self.tables: list[str] = []

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        from .dialect import to_spark  # SQLGlot only when Spark is asked for: DuckDB starts faster

        return [tuple(row) for row in self.spark.sql(to_spark(sql)).collect()]

    def create(self, name: str, sql: str) -> None:
        from .dialect import to_spark

        self.spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
        self.spark.sql(f"DROP VIEW IF EXISTS {name}")
        self.spark.sql(f"CACHE TABLE {name} AS {to_spark(sql)}")
        self.tables.append(name)

    def load(self, path: str | Path, derived: str, on_malformed: OnMalformed, progress: bool | None) -> LoadReport:
        from . import spark_ingest

        self.tables.append("releases")  # uncached by close() even when reading fails
        try:
            report = spark_ingest.load(self.spark, str(path), derived, on_malformed=on_malformed)
        except Exception as error:
            if type(error).__module__.startswith("pyspark"):  # AnalysisException and friends
                raise InputFormatError(f"cannot read {path}: {error}") from error
            raise
        self.spark.sql("CREATE OR REPLACE TEMP VIEW proc AS SELECT * FROM releases WHERE keep")
        return report

    def close(self) -> None:
        for name in dict.fromkeys(self.tables):
            self.spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
        self.tables.clear()
