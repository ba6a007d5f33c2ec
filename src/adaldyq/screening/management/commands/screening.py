"""`adaldyq screening purge`: delete screened names older than the retention period."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from adaldyq.screening import services


class Command(BaseCommand):
    help = "Screening housekeeping."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("purge", help="Delete screened names older than ADALDYQ_SCREENING_RETENTION_DAYS "
                                     "(run daily); the log of each screening stays, with its counts.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        days = settings.ADALDYQ_SCREENING_RETENTION_DAYS
        screenings, names = services.purge(days=days)
        self.stdout.write(f"{names} screened name(s) deleted from {screenings} screening(s) older than {days} days.")
