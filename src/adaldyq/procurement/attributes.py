"""What the web pages filter and show for each process, read from OCDS in DuckDB.

The engine keeps only the fields its indicators read. Pages also need names, the
buyer's region, the sector, a date and a value, so this module reads the same input
once more, in DuckDB, into ``web_attributes`` (one row per ocid, its first line) and
``web_names`` (one name, BIN and region per organisation id), and combines them with
the engine's ``proc`` view and the composite score into ``web_processes``.

* **region**: the ``address.region`` of the party whose id is the buyer's (in the same
  release, else in the first release that has it), mapped to a
  code of ``core.regions`` (names in Kazakh, Russian or English, in any grammatical
  case: "Абайской области", "города Астаны"); unknown text keeps an empty code.
* **sector**: the first two digits of the first item's classification (tender items,
  else award items): a CPV division when the scheme is CPV.
* **date**: tender period start, else the first active award's date, else the release
  date, as a calendar date in Asia/Almaty.
* **value**: the active awards in the main currency, else the tender value (as R013).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb

from adaldyq.core.regions import REGIONS, resolve_region
from adaldyq.names.transliterate import token_key

from .indicators.common import sql_str

CITIES = ("astana", "almaty-city", "shymkent")
_CITY_WORDS = re.compile(r"(^|\s)(г\.|город\w*|қаласы|city)(\s|$)", re.IGNORECASE)
_NOISE = {"область", "области", "облысы", "region", "обл", "облысының", "города", "город", "г", "қаласы", "city"}


def _first_word_key(text: str) -> str:
    for word in re.split(r"[\s,.;()«»\"-]+", text.casefold()):
        if word and word not in _NOISE:
            return token_key(word)[:4]
    return ""


@lru_cache(maxsize=1)
def _region_keys() -> dict[tuple[bool, str], str]:
    keys: dict[tuple[bool, str], str] = {}
    for code, names in REGIONS.items():
        for name in names:
            key = _first_word_key(name)
            if key:
                keys.setdefault((code in CITIES, key), code)
    return keys


def region_code(text: str | None) -> str:
    """A region code for an address region as published, or "" if it is not recognised."""
    if not text or not text.strip():
        return ""
    exact = resolve_region(text)
    if exact:
        return exact
    key = _first_word_key(text)
    city = bool(_CITY_WORDS.search(text.casefold()))
    keys = _region_keys()
    return keys.get((city, key)) or keys.get((not city, key)) or ""


def source_for(workdir: Path, path: Path) -> Path:
    """The file the engine really read: its well-formed copy or compiled packages, else the input."""
    for name in ("wellformed.jsonl", "compiled.jsonl"):
        candidate = workdir / name
        if candidate.exists():
            return candidate
    return path


def read_json_sql(source: Path) -> str:
    """Every JSON value of the source as one ``j`` column, in file order (``n`` from 1)."""
    return (f"SELECT row_number() OVER () AS n, json AS j FROM read_json({sql_str(str(source))}, "
            "format='newline_delimited', records=false, columns={'json': 'JSON'}, ignore_errors=true, "
            "maximum_object_size=67108864)")


# Parsed once per release: a multi-path json_extract returns every part in one pass.
PARTS = ("$.ocid", "$.tender.title", "$.buyer.id", "$.buyer.name", "$.parties",
         "$.tender.items[0].classification.id", "$.awards[0].items[0].classification.id", "$.date", "$.awards")


def create_json_table(con: duckdb.DuckDBPyConnection, source: Path) -> None:
    """``web_json``: the parts of each release the pages and the ties need, one row per release."""
    paths = "[" + ", ".join(sql_str(p) for p in PARTS) + "]"
    con.execute(f"""
        CREATE OR REPLACE TABLE web_json AS
        SELECT n, e[1]->>'$' AS ocid, e[2]->>'$' AS title, e[3]->>'$' AS buyer_id, e[4]->>'$' AS buyer_name,
            e[5] AS parties, coalesce(e[6]->>'$', e[7]->>'$') AS code, e[8]->>'$' AS release_date, e[9] AS awards
        FROM (SELECT n, json_extract(j, {paths}) AS e FROM ({read_json_sql(source)}) WHERE json_type(j) = 'OBJECT')
        WHERE json_type(e[1]) = 'VARCHAR'
    """)


def build(con: duckdb.DuckDBPyConnection, source: Path, currency: str | None) -> None:
    """Create ``web_json``, ``web_attributes``, ``web_names`` and ``web_processes`` in the engine's database.

    Needs the engine's ``proc`` view and the composite's ``risk_process_scores`` table.
    """
    create_json_table(con, source)
    con.execute("""
        CREATE OR REPLACE TABLE web_attributes AS
        SELECT ocid, title, buyer_name, region_text, code, release_date FROM (
            SELECT n, ocid, title, buyer_name, code, release_date,
                list_filter(json_extract(parties, '$[*]'), lambda p: p->>'$.id' = buyer_id)[1]->>'$.address.region'
                    AS region_text
            FROM web_json
        ) QUALIFY row_number() OVER (PARTITION BY ocid ORDER BY n) = 1
    """)
    con.execute("""
        CREATE OR REPLACE TABLE web_names AS
        SELECT id, arg_min(name, k) AS name, arg_min(bin, k) FILTER (WHERE bin IS NOT NULL) AS bin,
            arg_min(region, k) FILTER (WHERE region IS NOT NULL) AS region
        FROM (
            SELECT n * 1000 AS k, p->>'$.id' AS id, p->>'$.name' AS name, p->>'$.identifier.id' AS bin,
                p->>'$.address.region' AS region
            FROM (SELECT n, UNNEST(json_extract(parties, '$[*]')) AS p FROM web_json)
            UNION ALL
            SELECT n * 1000 + 1, buyer_id, buyer_name, NULL, NULL FROM web_json
            UNION ALL
            SELECT n * 1000 + 2, s->>'$.id', s->>'$.name', NULL, NULL
            FROM (SELECT n, UNNEST(json_extract(awards, '$[*].suppliers[*]')) AS s FROM web_json)
        ) WHERE id IS NOT NULL AND name IS NOT NULL GROUP BY id
    """)
    same = "false" if currency is None else f"a.currency = {sql_str(currency)}"
    tender_same = "false" if currency is None else f"tender_currency = {sql_str(currency)}"
    con.execute(f"""
        CREATE OR REPLACE TABLE web_processes AS
        SELECT p.line, p.ocid, a.title, p.buyer_id, coalesce(a.buyer_name, b.name) AS buyer_name,
            s.suppliers, p.method, p.details AS method_details,
            TRY_CAST(coalesce(
                list_sum(list_transform(list_filter(p.awards, lambda a: a.status = 'active'
                    AND a.amount IS NOT NULL AND {same}), lambda a: a.amount)),
                CASE WHEN {tender_same} THEN p.tender_amount END) AS DECIMAL(20, 2)) AS value,
            coalesce(a.region_text, b.region) AS region_text,
            CASE WHEN regexp_matches(a.code, '^[0-9]{{2}}') THEN left(a.code, 2) ELSE '' END AS sector,
            CAST(timezone('Asia/Almaty', coalesce(
                TRY_CAST(p.start_date AS TIMESTAMPTZ),
                TRY_CAST(list_filter(p.awards, lambda a: a.status = 'active')[1].date AS TIMESTAMPTZ),
                TRY_CAST(a.release_date AS TIMESTAMPTZ))) AS DATE) AS date,
            s.score, s.computable
        FROM proc p
        JOIN risk_process_scores s ON s.line = p.line
        LEFT JOIN web_attributes a ON a.ocid = p.ocid
        LEFT JOIN web_names b ON b.id = p.buyer_id
        QUALIFY row_number() OVER (PARTITION BY p.ocid ORDER BY p.line) = 1
    """)


def apply_regions(con: duckdb.DuckDBPyConnection) -> None:
    """Map each distinct region text to a code (a few dozen texts, not one per process)."""
    texts = [t for (t,) in con.execute(
        "SELECT DISTINCT region_text FROM web_processes WHERE region_text IS NOT NULL "
        "UNION SELECT DISTINCT region FROM web_names WHERE region IS NOT NULL").fetchall()]
    con.execute("CREATE OR REPLACE TABLE web_regions (text VARCHAR, code VARCHAR)")
    if texts:
        con.executemany("INSERT INTO web_regions VALUES (?, ?)", [(t, region_code(t)) for t in texts])
