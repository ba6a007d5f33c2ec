"""`adaldyq lists load NAME FILE [--replace]`, `lists load NAME --package ID`, `lists show`."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from adaldyq.cooperation import public as cooperation
from adaldyq.screening import services
from adaldyq.screening.exceptions import InvalidFile, ScreeningError
from adaldyq.screening.models import ScreeningList


class Command(BaseCommand):
    help = "Screening lists: load a CSV or FollowTheMoney JSON-lines file (or an imported package), show lists."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load a list (checked whole first; all or nothing).")
        load.add_argument("name", help="List name: lower-case letters, digits, '-' and '_'")
        load.add_argument("file", type=Path, nargs="?", help="CSV (id,name[,birth_date,iin,...]) or FtM JSON lines")
        load.add_argument("--package", metavar="ID", help="An imported cooperation package instead of a file")
        load.add_argument("--replace", action="store_true", help="Replace an existing list of that name")
        sub.add_parser("show", help="List the screening lists.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "show":
            self._show()
            return
        name, path, package = options["name"], options["file"], options["package"]
        if (path is None) == (package is None):
            raise CommandError("Give either a FILE or --package ID.")
        by = getpass.getuser()
        try:
            if package:
                outcome = self._load_package(name, package, replace=options["replace"], by=by)
            else:
                outcome = services.load_list(name, path, replace=options["replace"], by=by)
        except InvalidFile as exc:
            if not exc.whole_file:
                for error in exc.errors:
                    self.stderr.write(f"{exc.source}: {error}")
            raise CommandError(exc.summary("nothing was loaded")) from exc
        except ScreeningError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(outcome.summary())

    @staticmethod
    def _load_package(name: str, package: str, *, replace: bool, by: str) -> services.LoadOutcome:
        try:
            entities = list(cooperation.package_entities(package))
        except cooperation.CooperationError as exc:
            raise CommandError(str(exc)) from exc
        return services.load_list_from_entities(name, entities, f"package:{package}", replace=replace, by=by)

    def _show(self) -> None:
        self.stdout.write("register  live: the entries public today (always current)")
        for row in ScreeningList.objects.order_by("name"):
            self.stdout.write(f"{row.name}  {row.kind}, {row.entry_count} entries, from {row.source}, "
                              f"loaded {timezone.localtime(row.loaded_at):%Y-%m-%d %H:%M} by {row.loaded_by or '-'}")
