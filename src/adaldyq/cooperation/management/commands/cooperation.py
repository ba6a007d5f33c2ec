"""`adaldyq cooperation remind`: tell each responsible officer which requests are overdue.

One e-mail per officer listing their overdue requests, longest overdue first; a
request is reminded at most once a day (--again to repeat). Prints what it sent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError

from adaldyq.cooperation import services
from adaldyq.cooperation.models import CooperationRequest


class Command(BaseCommand):
    help = "International cooperation: reminders of overdue requests."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="E-mail officers their overdue requests.")
        remind.add_argument("--on", help="Pretend today is this date (YYYY-MM-DD).")
        remind.add_argument("--dry-run", action="store_true", help="List, send nothing, mark nothing.")
        remind.add_argument("--again", action="store_true", help="Also requests already reminded today.")

    def handle(self, *args: Any, action: str, on: str | None, dry_run: bool, again: bool, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(on) if on else services.today()
        except ValueError as exc:
            raise CommandError(f"--on must be a date like 2026-11-27, not '{on}'.") from exc
        overdue = [r for r in services.overdue_requests(today) if again or r.reminded_on != today]
        if not overdue:
            self.stdout.write("No overdue requests.")
            return
        by_officer: dict[Any, list[CooperationRequest]] = defaultdict(list)
        for request in overdue:
            by_officer[request.officer].append(request)
        for officer, requests in by_officer.items():
            lines = [
                f"{r.reference} ({r.partner.code}, {r.get_kind_display()}, {r.get_status_display()}): "
                f"due {r.due_on}, {r.days_overdue(today)} days overdue"
                for r in sorted(requests, key=lambda r: (-r.days_overdue(today), r.reference))
            ]
            who = officer.get_username() if officer else "(no responsible officer)"
            self.stdout.write(f"{who}: {len(requests)} overdue")
            for line in lines:
                self.stdout.write(f"  {line}")
            if dry_run or officer is None or not officer.email:
                continue
            send_mail(f"Adaldyq: {len(requests)} overdue cooperation request(s)", "\n".join(lines),
                      settings.DEFAULT_FROM_EMAIL, [officer.email])
        if not dry_run:
            services.mark_reminded(overdue, today)
        self.stdout.write(f"{len(overdue)} overdue request(s), {len(by_officer)} officer(s).")
