"""``adaldyq-cardinal``: Cardinal's command line (``indicators`` and ``coverage``), without Django.

    adaldyq-cardinal indicators FILE --settings FILE.ini [--no-meta] [--count] [--map]
    adaldyq-cardinal coverage FILE

It prints what ``ocdscardinal`` prints, so a script written for Cardinal runs unchanged
with ``ocdscardinal`` replaced by ``adaldyq-cardinal``. It imports only the engine (no
Django, no project settings), so it starts in a fraction of a second; ``python -m
adaldyq.procurement`` is the same command. Errors print one ``error:`` line and exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .cli import add_input_options, dumps, read_settings, warn_malformed
from .exceptions import ProcurementError

PROG = "adaldyq-cardinal"
ENGINES = ("duckdb", "spark")  # backends.ENGINES, spelled here so that --help imports no DuckDB


def run_indicators(argv: Sequence[str]) -> int:
    """``indicators FILE [--settings FILE] [--no-meta] [--count] [--map] [--coverage] [--details]``."""
    parser = argparse.ArgumentParser(prog=f"{PROG} indicators",
                                     description="Calculate procurement red-flag indicators (Cardinal-compatible).")
    add_input_options(parser)
    parser.add_argument("-s", "--settings", help="INI settings file (Cardinal's keys); '-' reads standard input")
    parser.add_argument("--no-meta", action="store_true", help="leave out the Meta key")
    parser.add_argument("-c", "--count", action="store_true", help="print the number of results per group to stderr")
    parser.add_argument("--map", action="store_true", help="add the Maps key")
    parser.add_argument("--coverage", action="store_true", help="add a Coverage key (not in Cardinal's output)")
    parser.add_argument("--details", action="store_true",
                        help="add a Details key: the evidence behind R013 and R055 (not in Cardinal's output)")
    parser.add_argument("--engine", choices=ENGINES, default="duckdb",
                        help="where the SQL runs: embedded DuckDB (default) or Apache Spark (FILE may then be "
                             "an object-store URL such as s3a://bucket/releases.jsonl)")
    parser.add_argument("--spark-master", default=None,
                        help="with --engine spark: the master URL, e.g. local[4] (default: spark-submit's, else local)")
    args = parser.parse_args(list(argv))
    from .engine import analyse  # after parsing: --help and usage errors import no DuckDB

    try:
        settings = read_settings(args.settings)
        engine: dict[str, Any] = {"memory_limit": args.memory_limit}
        source: str | Path = Path(args.file)
        if args.engine == "spark":
            from .backends import spark_session

            engine, source = {"engine": "spark", "spark": spark_session(args.spark_master)}, args.file
        analysis = analyse(source, settings,
                           on_malformed=args.malformed, progress=False if args.no_progress else None,
                           coverage=args.coverage, maps=args.map, **engine)
    except (ProcurementError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    warn_malformed(analysis.load)
    document = analysis.cardinal(meta=not args.no_meta, maps=args.map)
    if args.coverage:
        document["Coverage"] = analysis.coverage
    if args.details:
        document["Details"] = analysis.details
    print(dumps(document))
    if args.count:
        for group, ids in analysis.results.items():
            if ids:
                print(f"{group}: {len(ids)}", file=sys.stderr)
    return 0


def field_coverage(lines: Any, counts: Counter[str], warn: Any = None) -> Counter[str]:
    """Cardinal's ``coverage``: how many times each path is non-empty, over JSON lines.

    Empty nodes are ``""``, ``[]``, ``{}``, ``null`` and containers holding only empty
    nodes. ``""`` is the line, a path ending in ``/`` an object, ``[]`` an array element.
    Lines that are not JSON are reported through ``warn(number, reason)`` and skipped.
    """
    import orjson

    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            if warn is not None:
                warn(number, f"not JSON ({error})")
            continue
        _walk(value, "", counts)
    return counts


def _walk(value: Any, path: str, counts: Counter[str]) -> bool:
    """Count ``value`` at ``path`` (and what it holds) if it is non-empty; say whether it was."""
    if isinstance(value, dict):
        found = False
        for key, inner in value.items():
            found = _walk(inner, f"{path}/{key}", counts) or found
        if found:
            counts[path + "/"] += 1
    elif isinstance(value, list):
        found = False
        for inner in value:
            found = _walk(inner, path + "[]", counts) or found
    else:
        found = value is not None and value != ""
    if found:
        counts[path] += 1
    return found


def run_coverage(argv: Sequence[str]) -> int:
    """``coverage FILE``: the JSON object of path -> count that Cardinal's ``coverage`` prints."""
    parser = argparse.ArgumentParser(prog=f"{PROG} coverage",
                                     description="Count the number of times each field is non-empty.")
    parser.add_argument("file", type=Path, help="JSON lines")
    args = parser.parse_args(list(argv))

    def warn(number: int, reason: str) -> None:
        print(f"warning: {args.file}:{number}: skipped malformed line: {reason}", file=sys.stderr)

    try:
        with args.file.open("rb") as handle:
            counts = field_coverage(handle, Counter(), warn)
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(dumps(dict(sorted(counts.items()))))
    return 0


COMMANDS = {"indicators": run_indicators, "coverage": run_coverage}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: {PROG} {{{','.join(COMMANDS)}}} ...", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


def console() -> None:
    """The ``adaldyq-cardinal`` console script."""
    sys.exit(main())
