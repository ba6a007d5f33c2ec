"""The same indicators on Apache Spark (local mode): identical output to DuckDB.

Run by ``make test-spark`` (``.ci/run`` calls it), not by ``make test``: starting a JVM
takes longer than the rest of the procurement tests. One SparkSession serves the session.
Every Cardinal fixture, our own fixtures and a generated file run on both engines, and
the JSON each prints must be the same text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adaldyq.procurement import cardinal_cli
from adaldyq.procurement.backends import spark_session
from adaldyq.procurement.cli import dumps
from adaldyq.procurement.dialect import to_spark
from adaldyq.procurement.engine import Analysis, analyse
from adaldyq.procurement.indicator_config import Settings, all_enabled, parse_ini, to_ini
from tests.procurement.support import CARDINAL_FIXTURES, OWN_FIXTURES, settings_for

pytestmark = pytest.mark.spark

FIXTURES = sorted(CARDINAL_FIXTURES.glob("R*.jsonl"))
OURS = sorted(OWN_FIXTURES.glob("R*.jsonl"))


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = spark_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def both(path: Path | str, settings: Settings, spark: Any, **options: Any) -> tuple[Analysis, Analysis]:
    duck = analyse(Path(path), settings, progress=False, **options)
    on_spark = analyse(str(path), settings, progress=False, engine="spark", spark=spark, **options)
    return duck, on_spark


def test_all_fifteen_cardinal_fixtures_are_there() -> None:
    assert len(FIXTURES) == 15


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_cardinal_fixture_is_identical_on_spark(path: Path, spark: Any) -> None:
    settings = parse_ini(to_ini(settings_for(path.stem)))
    duck, on_spark = both(path, settings, spark, maps=True)
    assert on_spark.cardinal(meta=False) == json.loads(path.with_suffix(".expected").read_text())
    assert dumps(on_spark.cardinal(maps=True)) == dumps(duck.cardinal(maps=True))
    assert on_spark.coverage == duck.coverage


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.stem)
def test_our_fixtures_are_identical_on_spark(path: Path, spark: Any) -> None:
    settings = parse_ini(to_ini(settings_for(path.stem)))
    duck, on_spark = both(path, settings, spark)
    assert dumps(on_spark.cardinal()) == dumps(duck.cardinal())


def test_a_generated_file_with_every_indicator_is_identical_on_spark(generated: Path, spark: Any) -> None:
    settings = parse_ini("currency = KZT\n" + all_enabled(skip=("R055",)) + "[R055]\nthreshold = 10000000\n")
    duck, on_spark = both(generated, settings, spark, maps=True)
    flagged = duck.cardinal()
    assert {"OCID", "Buyer", "Tenderer"} <= set(flagged)
    # Enough fires to mean something: most process indicators, and organisation-level ones.
    assert {code for codes in flagged["OCID"].values() for code in codes} >= {"R003", "R018", "R028", "R036", "R055"}
    assert {code for codes in flagged["Buyer"].values() for code in codes} >= {"R055"}
    assert {code for codes in flagged["Tenderer"].values() for code in codes} >= {"R028", "R038"}
    assert dumps(on_spark.cardinal(maps=True)) == dumps(duck.cardinal(maps=True))
    assert on_spark.coverage == duck.coverage
    assert on_spark.load is not None and on_spark.load.rows == 3000


def test_malformed_lines_are_skipped_and_numbered_on_spark(tmp_path: Path, spark: Any) -> None:
    source = (CARDINAL_FIXTURES / "R024.jsonl").read_text().splitlines()
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join([source[0], "not json", "", *source[1:]]) + "\n")
    settings = parse_ini(to_ini(settings_for("R024")))
    duck, on_spark = both(path, settings, spark)
    assert dumps(on_spark.cardinal()) == dumps(duck.cardinal())
    assert on_spark.load is not None and duck.load is not None
    assert [n for n, _ in on_spark.load.malformed] == [n for n, _ in duck.load.malformed] == [2]


def test_console_script_runs_on_spark(tmp_path: Path, spark: Any, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = CARDINAL_FIXTURES / "R038.jsonl"
    ini = tmp_path / "s.ini"
    ini.write_text(to_ini(settings_for("R038")))
    assert cardinal_cli.main(["indicators", str(fixture), "--settings", str(ini), "--map", "--count"]) == 0
    on_duckdb = capsys.readouterr()
    # The active session (the test's) is used, as under spark-submit; the input is a URL
    # (file:// here, s3a:// on a cluster), which Spark reads through Hadoop's file systems.
    assert cardinal_cli.main(["indicators", fixture.as_uri(), "--settings", str(ini), "--map", "--count",
                              "--engine", "spark"]) == 0
    on_spark = capsys.readouterr()
    assert on_spark.out == on_duckdb.out and on_spark.err == on_duckdb.err


def test_the_sql_is_transpiled_not_rewritten_by_hand() -> None:
    """One definition: Spark gets SQLGlot's translation of the DuckDB text, plus our rewrites."""
    spark_sql = to_spark("SELECT line, UNNEST(bids) AS b, generate_subscripts(bids, 1) AS i, "
                         "awards[first_active].suppliers[1] FROM proc WHERE len(bids) > 0")
    assert "POSEXPLODE(bids) AS (i, b)" in spark_sql
    assert "ELEMENT_AT(ELEMENT_AT(awards, CAST(first_active AS INT)).suppliers, 1)" in spark_sql
    assert "SIZE(bids) > 0" in spark_sql
