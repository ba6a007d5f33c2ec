"""`adaldyq assets import FILE.csv`: record identified assets (and their cases) in bulk.
`adaldyq assets figures [--rebuild]`: check (or rebuild) the monthly dashboard figures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from adaldyq.core.formatting import message
from adaldyq.recovery import imports, services
from adaldyq.recovery.exceptions import RecoveryError


class Command(BaseCommand):
    help = "Asset recovery: import identified assets from CSV (all rows or none)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Import assets; columns: " + ", ".join(imports.ASSET_COLUMNS))
        imp.add_argument("file", type=Path)
        imp.add_argument("--officer", default="", help="User name recorded as the actor.")
        fig = sub.add_parser("figures", help="Check that the monthly dashboard figures match the assets.")
        fig.add_argument("--rebuild", action="store_true", help="Recompute them from the assets.")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "figures":
            self._figures(options["rebuild"])
        else:
            self._import(options["file"], options["officer"])

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

    def _import(self, file: Path, officer: str) -> None:
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        actor = None
        if officer:
            actor = get_user_model().objects.filter(username=officer).first()
            if actor is None:
                raise CommandError(f"no user named {officer!r}")
        progress = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            def progress(rows: Any) -> Any:
                return tqdm(rows, desc="assets", unit="row")
        try:
            count = imports.import_assets(file, actor=actor, progress=progress)
        except RecoveryError as error:
            raise CommandError(message(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {count} asset(s) from {file}."))
