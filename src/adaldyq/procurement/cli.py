"""Our own commands beyond Cardinal's: ``risk`` (composite scores) and ``generate``.

The functions here parse arguments, call the engine and turn ProcurementError into one
message and exit status 2; the platform's ``adaldyq procurement risk|generate`` calls
them. Cardinal's ``indicators`` and ``coverage`` are ``adaldyq-cardinal``
(``cardinal_cli.py``), which also uses the helpers here.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .exceptions import ProcurementError
from .indicator_config import Settings, all_enabled, parse_ini


def finite_or_null(value: Any) -> Any:
    """Cardinal writes NaN and infinities as null; so do we, at any depth."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite_or_null(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [finite_or_null(inner) for inner in value]
    return value


def dumps(document: Any) -> str:
    return json.dumps(finite_or_null(document), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def read_settings(option: str | None) -> Settings:
    if option is None:
        return Settings()
    text = sys.stdin.read() if option == "-" else Path(option).read_text(encoding="utf-8")
    return parse_ini(text)


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """The input file and how to read it: shared by every command that analyses a file."""
    # A string, not a Path: with --engine spark it may be a URL (Path would fold its "//").
    parser.add_argument("file", help="compiled releases as JSON lines, or release/record packages")
    parser.add_argument("--malformed", choices=("skip", "reject"), default="skip",
                        help="skip lines that are not JSON (each is reported) or reject the file")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory limit, e.g. 1GB")


def warn_malformed(report: Any) -> None:
    """One warning line on standard error per skipped line of a LoadReport."""
    if report is None:
        return
    for number, reason in report.malformed:
        print(f"warning: {report.path}:{number}: skipped malformed line: {reason}", file=sys.stderr)


def run_risk(argv: Sequence[str]) -> int:
    """``risk FILE [--settings FILE]``: composite scores per process, buyer and supplier."""
    from .composite import composite
    from .engine import Engine

    parser = argparse.ArgumentParser(prog="adaldyq procurement risk",
                                     description="Composite risk score (CRI-style) with each flag's contribution.")
    add_input_options(parser)
    parser.add_argument("-s", "--indicator-settings", dest="settings",
                        help="INI settings file (Cardinal's keys); default: every indicator")
    parser.add_argument("--split-threshold", type=float, default=None,
                        help="open-procedure threshold for R055 when no settings file is given")
    parser.add_argument("--top", type=int, default=20, help="how many highest-scoring entries to print per level")
    args = parser.parse_args(list(argv))
    try:
        if args.settings:
            settings = read_settings(args.settings)
        else:
            extra = {} if args.split_threshold is None else {"R055": {"threshold": args.split_threshold}}
            settings = parse_ini(all_enabled(skip=("R055",)) + _sections(extra))
        with Engine(settings, memory_limit=args.memory_limit) as engine:
            engine.load(args.file, on_malformed=args.malformed, progress=False if args.no_progress else None)
            analysis = engine.run()
            summary = composite(engine, analysis).summary(args.top)
    except (ProcurementError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    warn_malformed(analysis.load)
    print(dumps(summary))
    return 0


def _sections(extra: dict[str, dict[str, Any]]) -> str:
    return "".join(f"[{code}]\n" + "".join(f"{k} = {v}\n" for k, v in body.items()) for code, body in extra.items())


def run_generate(argv: Sequence[str]) -> int:
    """``generate OUT --count N [--seed S]``: synthetic compiled releases for demos."""
    from .generate import write_jsonl

    parser = argparse.ArgumentParser(prog="adaldyq procurement generate")
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(list(argv))
    write_jsonl(args.out, args.count, seed=args.seed, progress=sys.stderr.isatty())
    return 0


COMMANDS = {"risk": run_risk, "generate": run_generate}
