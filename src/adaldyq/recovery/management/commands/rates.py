"""`adaldyq rates load FILE.csv`: official daily exchange rates (date,currency,rate[,units])."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adaldyq.core.formatting import message
from adaldyq.core.imports import ImportRejected
from adaldyq.recovery import imports
from adaldyq.recovery.exceptions import RecoveryError


class Command(BaseCommand):
    help = "Load official exchange rates (tenge per unit) from CSV: all rows or none."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="Columns: date, currency, rate, optional units (rate is per that many units).")
        load.add_argument("file", type=Path)
        load.add_argument("--dry-run", action="store_true", help="Check and count; change nothing.")

    def handle(self, *args: Any, subcommand: str, file: Path, dry_run: bool, **options: Any) -> None:
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        try:
            count = imports.load_rates(file, dry_run=dry_run)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(str(rejected)) from None
        except RecoveryError as error:
            raise CommandError(message(error)) from None
        verb = "Would load" if dry_run else "Loaded"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} rate(s) from {file}."))
