"""`adaldyq assets import FILE.csv`: record identified assets (and their cases) in bulk.
`adaldyq assets figures [--rebuild]`: check (or rebuild) the monthly dashboard figures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from adaldyq.core.formatting import message
from adaldyq.core.imports import ImportRejected
from adaldyq.recovery import imports, services
from adaldyq.recovery.exceptions import RecoveryError


class Command(BaseCommand):
    help = "Asset recovery: import identified assets from CSV (all rows or none)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Import assets; columns: " + ", ".join(imports.ASSET_COLUMNS))
        imp.add_argument("file", type=Path)
        imp.add_argument("--officer", default="", help="User name recorded as the actor.")
        imp.add_argument("--dry-run", action="store_true", help="Check and count; change nothing.")
        fig = sub.add_parser("figures", help="Check that the monthly dashboard figures match the assets.")
        fig.add_argument("--rebuild", action="store_true", help="Recompute them from the assets.")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "figures":
            self._figures(options["rebuild"])
        else:
            self._import(options["file"], options["officer"], options["dry_run"])

    def _figures(self, rebuild: bool) -> None:
        if rebuild:
            count = services.rebuild_figures()
            self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} monthly figure(s) from the assets."))
            return
        drift = services.figures_drift()
        if drift:
            raise CommandError(f"{len(drift)} monthly figure(s) differ from the assets "
                               "(run with --rebuild):\n" + "\n".join(drift[:50]))
        self.stdout.write(self.style.SUCCESS("The monthly figures match the assets."))

    def _import(self, file: Path, officer: str, dry_run: bool) -> None:
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        actor = None
        if officer:
            actor = get_user_model().objects.filter(username=officer).first()
            if actor is None:
                raise CommandError(f"no user named {officer!r}")
        try:
            with tqdm(desc="checking rows", unit=" rows", disable=not sys.stderr.isatty()) as bar:
                count = imports.import_assets(file, actor=actor, dry_run=dry_run, progress=bar.update)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(str(rejected)) from None
        except RecoveryError as error:
            raise CommandError(message(error)) from None
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} asset(s) from {file}."))
