"""`adaldyq demo`: load the synthetic demonstration data set and switch on demo mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from adaldyq.core import flags
from adaldyq.core.models import HistoryEvent


class Command(BaseCommand):
    help = "Load synthetic demonstration data (no real person) and mark every page as demo."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the database already has data.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same data).")

    def handle(self, *args: Any, if_empty: bool, seed: int, **options: Any) -> None:
        if if_empty and (flags.demo_mode() or HistoryEvent.objects.exists()):
            self.stdout.write("The database already has data; demo data not loaded.")
            return
        flags.set_demo_mode(True)
        for dotted in settings.ADALDYQ_DEMO_LOADERS:
            module = dotted.rsplit(".", 1)[0]
            try:
                loader = import_string(dotted)
            except ModuleNotFoundError as exc:
                if exc.name != module:
                    raise
                continue  # that part of Adaldyq has no demo data
            self.stdout.write(f"Loading demo data: {dotted.rsplit('.', 2)[0]} …")
            summary = loader(seed=seed)
            if summary:
                self.stdout.write(f"  {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Every page now says the data is synthetic."))
