"""`adaldyq register import|import-events|expire|recompute`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from adaldyq.core.imports import ImportRejected
from adaldyq.register import imports, publication
from adaldyq.register.exceptions import RegisterError


class Command(BaseCommand):
    help = "Import the legal-statistics feed and keep the register current."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        records = sub.add_parser("import", help="Import convictions (CSV with a header, or JSON lines).")
        records.add_argument("file", type=Path)
        records.add_argument("--dry-run", action="store_true", help="Report what would change; change nothing.")
        events = sub.add_parser("import-events", help="Import events: legal_effect, acquitted, retrial, expunged, record_removed_by_court.")
        events.add_argument("file", type=Path)
        events.add_argument("--dry-run", action="store_true")
        sub.add_parser("expire", help="Record expungements whose date has passed (run daily).")
        sub.add_parser("recompute", help="Recompute every entry after a policy or catalogue change.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            if action == "import":
                self._import(options["file"], options["dry_run"])
            elif action == "import-events":
                self._events(options["file"], options["dry_run"])
            elif action == "expire":
                self.stdout.write(f"{imports.record_expungements()} expungement(s) recorded.")
            elif action == "recompute":
                self.stdout.write(f"{publication.recompute_all()} entr(ies) changed.")
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc)) from exc
        except RegisterError as exc:
            raise CommandError(str(exc)) from exc

    def _check(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")

    def _import(self, path: Path, dry_run: bool) -> None:
        self._check(path)
        with tqdm(desc="validating", unit=" rows", disable=not sys.stderr.isatty()) as bar:
            report = imports.import_records(path, dry_run=dry_run, progress=bar.update)
        self._report(report)

    def _events(self, path: Path, dry_run: bool) -> None:
        self._check(path)
        self._report(imports.import_events(path, dry_run=dry_run))

    def _report(self, report: imports.ImportReport) -> None:
        if report.dry_run:
            for change in report.changes[:200]:
                self.stdout.write(f"  would {change}")
            if len(report.changes) > 200:
                self.stdout.write(f"  … and {len(report.changes) - 200} more")
        self.stdout.write(report.summary())
