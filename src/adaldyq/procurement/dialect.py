"""One SQL text for every engine: the indicators' DuckDB SQL, transpiled for Spark by SQLGlot.

The indicators are written once, in DuckDB's dialect (engine.py runs them as they are).
For Apache Spark, SQLGlot parses that SQL and writes Spark SQL; most functions map one to
one (``list_transform`` -> ``TRANSFORM``, ``arg_min`` -> ``MIN_BY``, ``QUALIFY`` -> a
subquery). ``to_spark`` adds the few rewrites SQLGlot cannot know, because they depend on
how our SQL uses a function rather than on its name:

* ``len(x)`` is always a list length here (``SIZE``; strings use ``length``);
* ``x[i]`` with a computed ``i`` becomes ``element_at(x, i)`` (both 1-based; Spark's
  brackets are 0-based and SQLGlot shifts only literal indexes);
* ``list_position`` is NULL when absent in DuckDB and 0 in Spark: ``NULLIF(..., 0)``;
* ``list_bool_or``, ``list_aggregate(x, 'count')``, ``list_sum`` and ``epoch_us`` have
  Spark spellings (``array_contains(x, true)``, a filtered ``SIZE``, ``aggregate``,
  ``unix_micros``);
* ``UNNEST(x) AS b, generate_subscripts(x, 1) AS i`` in one SELECT becomes
  ``POSEXPLODE(x) AS (i, b)``; ``i`` is then 0-based, which is fine because the
  indicators use it only to order bids within a process.

The session must run with ``spark.sql.ansi.enabled=false`` (an out-of-range index or a
division by zero is NULL, as in DuckDB) and ``spark.sql.legacy.sizeOfNull=false``.
"""

from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp


def _anonymous(node: exp.Expression) -> str:
    return node.name.upper() if isinstance(node, exp.Anonymous) else ""


def _rewrite(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Length):
        return exp.ArraySize(this=node.this)
    if isinstance(node, exp.Bracket) and len(node.expressions) == 1:
        index = node.expressions[0]
        if isinstance(index, exp.Literal) and not index.is_string:
            index = exp.Literal.number(int(index.this) + 1)  # SQLGlot stores literal indexes 0-based
        else:
            index = exp.cast(index, "INT")  # Spark's element_at wants an INT, positions are BIGINT
        return exp.Anonymous(this="ELEMENT_AT", expressions=[node.this, index])
    name = _anonymous(node)
    if name == "LIST_POSITION":
        found = exp.Anonymous(this="ARRAY_POSITION", expressions=node.expressions)
        return exp.Nullif(this=found, expression=exp.Literal.number(0))
    if name == "LIST_BOOL_OR":
        return exp.Anonymous(this="ARRAY_CONTAINS", expressions=[node.expressions[0], exp.true()])
    if name == "LIST_AGGREGATE" and node.expressions[1].name == "count":
        return sqlglot.parse_one("SIZE(FILTER(x, v -> v IS NOT NULL))", read="spark").transform(
            lambda n: node.expressions[0].copy() if isinstance(n, exp.Column) and n.name == "x" else n)
    if name == "LIST_SUM":
        template = ("CASE WHEN SIZE(FILTER(x, v -> v IS NOT NULL)) > 0 THEN "
                    "AGGREGATE(FILTER(x, v -> v IS NOT NULL), CAST(0 AS DOUBLE), (acc, v) -> acc + v) END")
        return sqlglot.parse_one(template, read="spark").transform(
            lambda n: node.expressions[0].copy() if isinstance(n, exp.Column) and n.name == "x" else n)
    if name == "EPOCH_US":
        return exp.Anonymous(this="UNIX_MICROS", expressions=node.expressions)
    if isinstance(node, exp.Select):
        return _posexplode(node)
    return node


def _posexplode(select: exp.Select) -> exp.Select:
    """``UNNEST(x) AS b, generate_subscripts(x, 1) AS i`` -> ``POSEXPLODE(x) AS (i, b)``."""
    unnest = subscripts = None
    for projection in select.expressions:
        inner = projection.this if isinstance(projection, exp.Alias) else None
        if isinstance(inner, exp.Explode | exp.Unnest):
            unnest = projection
        elif inner is not None and _anonymous(inner) == "GENERATE_SUBSCRIPTS":
            subscripts = projection
    if unnest is None or subscripts is None:
        return select
    source = unnest.this.this if isinstance(unnest.this, exp.Explode) else unnest.this.expressions[0]
    both = sqlglot.parse_one(f"SELECT POSEXPLODE(x) AS ({subscripts.alias}, {unnest.alias})", read="spark")
    pos = both.expressions[0]
    pos.this.set("this", source.copy())
    select.set("expressions", [p for p in select.expressions if p is not unnest and p is not subscripts] + [pos])
    return select


@lru_cache(maxsize=512)
def to_spark(sql: str) -> str:
    """The Spark SQL for one statement of our DuckDB SQL."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    # Children first, so a rewritten node's arguments are already Spark's.
    for node in reversed(list(tree.walk())):
        replacement = _rewrite(node)  # type: ignore[arg-type]
        if replacement is not node:
            if node is tree:
                tree = replacement
            else:
                node.replace(replacement)
    return tree.sql(dialect="spark")
