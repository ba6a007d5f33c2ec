"""`adaldyq risks remind|import|export`: reminders, bulk import and XLSX export."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from adaldyq.core.formatting import message
from adaldyq.core.imports import ImportRejected
from adaldyq.risks import exports, imports, reminders
from adaldyq.risks.models import Recommendation


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"'{text}' is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Corruption-risk recommendations: e-mail reminders, import from CSV/XLSX, export to XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        remind = sub.add_parser("remind", help="E-mail responsible officers about deadlines approaching and passed.")
        remind.add_argument("--days", type=int, default=14, help="Remind of deadlines within this many days.")
        remind.add_argument("--repeat-days", type=int, default=7,
                            help="Do not remind of the same recommendation again within this many days.")
        remind.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")
        remind.add_argument("--dry-run", action="store_true", help="Count, but send nothing and record nothing.")
        imp = sub.add_parser("import", help="Import analyses, findings and recommendations (.csv or .xlsx).")
        imp.add_argument("file", type=Path)
        imp.add_argument("--today", help="Issue date for rows without issued_on (default: today).")
        imp.add_argument("--dry-run", action="store_true", help="Check and count; change nothing.")
        exp = sub.add_parser("export", help="Export recommendations to an .xlsx file with the import's columns.")
        exp.add_argument("file", type=Path)

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        today = _date(options["today"]) if options.get("today") else timezone.localdate()
        if subcommand == "remind":
            result = reminders.send(today, days=options["days"], repeat_days=options["repeat_days"],
                                    dry_run=options["dry_run"])
            self.stdout.write(str(result))
        elif subcommand == "import":
            self._import(options["file"], today, options["dry_run"])
        else:
            with options["file"].open("wb") as out:
                count = exports.write_xlsx(Recommendation.objects.all(), out, today)
            self.stdout.write(f"Exported {count} recommendation(s) to {options['file']}.")

    def _import(self, path: Path, today: dt.date, dry_run: bool) -> None:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with tqdm(desc="checking rows", unit=" rows", disable=not sys.stderr.isatty()) as bar:
                result = imports.import_file(path, today=today, dry_run=dry_run, progress=bar.update)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(message(exc)) from exc
        self.stdout.write(self.style.SUCCESS(str(result)))
