"""`adaldyq rates load FILE.csv`: official daily exchange rates (date,currency,rate[,units])."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adaldyq.core.formatting import message
from adaldyq.recovery import imports
from adaldyq.recovery.exceptions import RecoveryError


class Command(BaseCommand):
    help = "Load official exchange rates (tenge per unit) from CSV: all rows or none."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="Columns: date, currency, rate, optional units (rate is per that many units).")
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, subcommand: str, file: Path, **options: Any) -> None:
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        try:
            count = imports.load_rates(file)
        except RecoveryError as error:
            raise CommandError(message(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} rate(s) from {file}."))
