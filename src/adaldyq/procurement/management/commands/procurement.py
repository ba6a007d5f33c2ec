"""`adaldyq procurement risk|generate|load|runs`, and where ``indicators`` went.

``risk`` and ``generate`` are the engine's own command line (``adaldyq.procurement.cli``),
handed their arguments untouched so that Django adds nothing to standard output.
``load`` stores an analysis for the web pages; ``runs`` lists what is stored.

Cardinal's ``indicators`` is its own console script, ``adaldyq-cardinal`` (no Django,
so it starts fast and its ``--settings FILE.ini`` is not Django's settings module);
``adaldyq procurement indicators`` only says so and exits with status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

PASS_THROUGH = ("risk", "generate")
MOVED = {"indicators": "adaldyq-cardinal indicators", "coverage": "adaldyq-cardinal coverage"}


class Command(BaseCommand):
    help = ("Procurement red flags: indicators (Cardinal-compatible JSON), risk, generate, "
            "load (store an analysis for the web) and runs.")

    def run_from_argv(self, argv: list[str]) -> None:
        if len(argv) > 2 and argv[2] in MOVED:
            self.stderr.write(f"error: `adaldyq procurement {argv[2]}` is now `{MOVED[argv[2]]}` "
                              f"(same options, including --settings FILE.ini), e.g.\n"
                              f"  {MOVED[argv[2]]} {' '.join(argv[3:]) or 'FILE.jsonl'}")
            sys.exit(2)
        if len(argv) > 2 and argv[2] in PASS_THROUGH:
            from adaldyq.procurement import cli

            status = cli.COMMANDS[argv[2]](argv[3:])
            sys.stdout.flush()
            if status:
                sys.exit(status)
            return
        super().run_from_argv(argv)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name in PASS_THROUGH:
            sub.add_parser(name, help=f"the engine's `{name}` command; see `adaldyq procurement {name} --help`",
                           add_help=False)
        for name, moved in MOVED.items():
            sub.add_parser(name, help=f"moved: use `{moved}`", add_help=False)
        load = sub.add_parser("load", help="Analyse an OCDS file and store flags, scores and ties for the web.")
        load.add_argument("file", type=Path, help="compiled releases as JSON lines, or release/record packages")
        load.add_argument("-s", "--indicator-settings", dest="ini", type=Path,
                          help="INI settings (Cardinal's keys); default: every indicator, KZT, R055 at 10,000,000")
        load.add_argument("--ties", type=Path,
                          help="persons tied to suppliers: CSV (supplier_id,supplier_name,person_name,role"
                               "[,birth_date,iin]) or a BODS JSON file")
        load.add_argument("--no-screening", action="store_true", help="do not screen tied persons against lists")
        load.add_argument("--threshold", type=float, help="match threshold for ties (default: screening's)")
        load.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
        runs = sub.add_parser("runs", help="List stored runs, newest first.")
        runs.add_argument("--delete", type=int, metavar="ID", help="delete this run and everything stored with it")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "load":
            self._load(options)
        elif subcommand == "runs":
            self._runs(options)
        else:  # reached only through call_command; the console goes through run_from_argv
            raise CommandError(f"run `adaldyq procurement {subcommand} ...` from the command line")

    def _load(self, options: dict[str, Any]) -> None:
        from adaldyq.procurement import services
        from adaldyq.procurement.exceptions import ProcurementError

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            settings_text = options["ini"].read_text(encoding="utf-8") if options["ini"] else None
            run = services.store_run(path, settings_text, services.Options(
                ties_file=options["ties"], screen_ties=not options["no_screening"], threshold=options["threshold"],
                progress=False if options["no_progress"] else None))
        except (ProcurementError, OSError) as error:
            problems = getattr(error, "problems", None)
            for problem in problems or []:
                self.stderr.write(problem)
            raise CommandError(str(error) if not problems else f"{len(problems)} problem(s) in the ties file") from error
        for number, reason in (run.load_report or {}).get("malformed_lines", []):
            self.stderr.write(f"warning: {path}:{number}: skipped malformed line: {reason}")
        self.stdout.write(self.style.SUCCESS(summary(run)))

    def _runs(self, options: dict[str, Any]) -> None:
        from adaldyq.procurement import services
        from adaldyq.procurement.models import ProcurementRun

        if options["delete"]:
            run = ProcurementRun.objects.filter(pk=options["delete"]).first()
            if run is None:
                raise CommandError(f"No run {options['delete']}")
            services.delete_run(run)
            self.stdout.write(f"Deleted run {options['delete']}.")
            return
        for run in ProcurementRun.objects.all():
            self.stdout.write(summary(run))


def summary(run: Any) -> str:
    seconds = sum(v for k, v in (run.seconds or {}).items() if k in ("analysis", "attributes", "ties", "store"))
    when = timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M %Z")
    if run.status != "finished":
        return f"run {run.pk} {when} {run.file_name}: {run.status}{': ' + run.error if run.error else ''}"
    return (f"run {run.pk} {when} {run.file_name}: {run.processes} processes ({run.flagged_processes} with a flag), "
            f"{run.buyers} buyers, {run.suppliers} suppliers ({run.tied_suppliers} tied to a listed person), "
            f"{seconds:.1f} s")
