"""`adaldyq screen QUERIES.csv --list NAME [--threshold T] [--out RESULTS.csv]`."""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from adaldyq.core import spreadsheet
from adaldyq.screening import queries, services
from adaldyq.screening.engine import Result
from adaldyq.screening.exceptions import InvalidFile, ScreeningError
from adaldyq.screening.matching import MATCH_THRESHOLD, REVIEW_THRESHOLD
from adaldyq.screening.matching.bulk import available_cores, collector_paused

COLUMNS = ["query_id", "match_id", "match_name", "list", "score", "explanation"]
BULK_FROM = 2000  # queries; from this many, screen over worker processes


class Command(BaseCommand):
    help = "Screen the names of a CSV file (id,name[,birth_date,iin]) against lists; write one row per match."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("queries", type=Path, help="CSV with columns id,name and optionally birth_date,iin,schema")
        parser.add_argument("--list", dest="lists", action="append", default=[], metavar="NAME",
                            help="A list name, 'register' (the default), or a list file (CSV / FtM JSON lines); repeatable")
        parser.add_argument("--threshold", type=float, default=MATCH_THRESHOLD,
                            help=f"Lowest score reported as a match (default {MATCH_THRESHOLD}; at least {REVIEW_THRESHOLD})")
        parser.add_argument("--review", action="store_true",
                            help=f"Also report possible matches (scores from {REVIEW_THRESHOLD}), with a band column")
        parser.add_argument("--out", type=Path, help="Results CSV (default: standard output)")
        parser.add_argument("--workers", type=int, default=None,
                            help="Worker processes for large files (default: one per core available)")

    def handle(self, *args: Any, **options: Any) -> None:
        # A batch job whose objects (names, index, results) live until it ends: the cyclic
        # collector would only walk them again and again.
        with collector_paused():
            self._screen(options)

    def _screen(self, options: dict[str, Any]) -> None:
        out: Path | None = options["out"]
        try:
            if not options["queries"].is_file():
                raise CommandError(f"{options['queries']}: no such file")
            asked = queries.read_csv(options["queries"])
            workers = (options["workers"] or available_cores()) if len(asked) >= BULK_FROM else 1
            if len(asked) >= BULK_FROM:
                self.stderr.write(f"{len(asked)} names read; indexing the lists, then screening "
                                  f"over {workers} worker process(es)")
            with _progress(len(asked)) as progress:
                outcome = services.screen(
                    asked, options["lists"], options["threshold"], channel="cli", who=getpass.getuser(),
                    include_review=options["review"], allow_files=True, workers=workers, progress=progress,
                )
        except InvalidFile as exc:
            if not exc.whole_file:
                for error in exc.errors:
                    self.stderr.write(f"{exc.source}: {error}")
            raise CommandError(exc.summary("nothing was screened")) from exc
        except (ScreeningError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self._write(outcome.results, out, options["review"])
        matches = sum(1 for r in outcome.results if r.band == "match")
        self.stderr.write(f"{len(asked)} name(s) screened against {', '.join(outcome.lists)}: "
                          f"{matches} match(es), {len(outcome.results) - matches} possible match(es) reported.")

    def _write(self, results: list[Result], out: Path | None, review: bool) -> None:
        columns = COLUMNS + (["band"] if review else [])
        if out is None:
            self._rows(spreadsheet.csv_writer(self.stdout), columns, results, review)
            return
        # Written beside the target and renamed at the end: never a half-written file.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before the rename below
            "w", encoding="utf-8", newline="", dir=out.resolve().parent, prefix=f".{out.name}.", delete=False)
        try:
            with handle:
                self._rows(spreadsheet.csv_writer(handle), columns, results, review)
            os.replace(handle.name, out)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise

    @staticmethod
    def _rows(writer: Any, columns: list[str], results: list[Result], review: bool) -> None:
        writer.writerow(columns)
        for r in results:
            row = [r.query_id, r.match_id, r.match_name, r.list, f"{r.score:.4f}", r.explanation()]
            writer.writerow(row + ([r.band] if review else []))


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], object]]:
    """A bar on a terminal; otherwise (a log, a pipe) a line at each tenth of the work."""
    if sys.stderr.isatty():
        with tqdm(total=total, desc="screening", unit=" names") as bar:
            yield bar.update
        return
    done = 0

    def report(count: int) -> None:
        nonlocal done
        before, done = done, done + count
        if total >= BULK_FROM and before * 10 // total < done * 10 // total:
            print(f"screening: {done} of {total} names ({done * 100 // total}%)", file=sys.stderr, flush=True)

    yield report
