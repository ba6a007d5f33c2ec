"""`adaldyq history verify [STREAM ...]`: recompute the hash chains."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adaldyq.core import history
from adaldyq.core.models import ChainHead


class Command(BaseCommand):
    help = "Verify the append-only history: every hash recomputed, every gap found."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Recompute the hash chain of each stream.")
        verify.add_argument("streams", nargs="*", help="Streams to check (default: all).")

    def handle(self, *args: Any, action: str, streams: list[str], **options: Any) -> None:
        names = streams or list(ChainHead.objects.order_by("stream").values_list("stream", flat=True))
        failed = False
        for name in names:
            report = history.verify(name)
            if report.ok:
                self.stdout.write(f"{name}: {report.checked} events, chain intact")
            else:
                failed = True
                self.stderr.write(f"{name}: BROKEN at event {report.broken_at}: {report.reason}")
        if failed:
            raise CommandError("The history has been altered.")
