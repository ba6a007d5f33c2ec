"""`adaldyq fund allocate --project ID --amount AMOUNT --officer NAME` and `adaldyq fund summary`.

An allocation up to the second-officer threshold takes effect at once. Above it the
command only proposes: a second fund officer approves it from their own account, on
the staff page or with their personal API token. No command records another
person's approval, so there is no `--approver`."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone, translation

from adaldyq.core import roles
from adaldyq.core.formatting import message
from adaldyq.core.formatting import money as money_text
from adaldyq.recovery import money, queries, services
from adaldyq.recovery.exceptions import RecoveryError
from adaldyq.recovery.models import AllocationStatus, Project


class Command(BaseCommand):
    help = "The fund: allocate money to a project, or print the fund's totals."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        alloc = sub.add_parser("allocate", help="Allocate fund money to a project.")
        alloc.add_argument("--project", type=int, required=True, help="Project id.")
        alloc.add_argument("--amount", required=True, help="Amount in tenge, e.g. 197000000 or 1250000.50.")
        alloc.add_argument("--officer", required=True, help="User name of the fund officer making it.")
        # Kept only to explain why it is gone; hidden from --help.
        alloc.add_argument("--approver", default=None, help=argparse.SUPPRESS)
        alloc.add_argument("--document", default="", help="The decision it rests on.")
        alloc.add_argument("--on", default="", help="Date (YYYY-MM-DD), default today.")
        sub.add_parser("summary", help="Received, allocated, disbursed, balance.")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "summary":
            for key, value in queries.fund_summary().items():
                self.stdout.write(f"{key}: {value if key == 'currency' else money_text(value)}")
            return
        try:
            amount = money.parse_amount(options["amount"], allow_zero=False)
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except (RecoveryError, ValueError) as error:
            raise CommandError(message(error)) from None
        if options["approver"] is not None:
            raise CommandError(
                "approvals are not recorded from the command line: this command proposes the allocation, and a "
                "second fund officer approves it with their own account (staff page 'The fund', or "
                "POST /api/v1/fund/allocations/ID/approve with their personal token). Run it without --approver.")
        officer = self._officer(options["officer"])
        if not Project.objects.filter(pk=options["project"]).exists():
            raise CommandError(f"no project with id {options['project']}")
        try:
            allocation = services.propose_allocation(options["project"], amount, officer=officer, on=on,
                                                     document=options["document"])
        except RecoveryError as error:
            raise CommandError(message(error)) from None
        balance = queries.fund_summary()["balance_kzt"]
        if allocation.status == AllocationStatus.PROPOSED:
            self.stdout.write(self.style.WARNING(
                f"Proposed allocation {allocation.pk}: {money_text(allocation.amount_kzt)} KZT to project "
                f"{allocation.project_id}. It is above the second-officer threshold and takes effect once another "
                f"fund officer approves it with their own account: {review_path(allocation.pk)} or POST "
                f"/api/v1/fund/allocations/{allocation.pk}/approve with their personal token."))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Allocated {money_text(allocation.amount_kzt)} KZT to project {allocation.project_id} "
            f"(allocation {allocation.pk}); unallocated balance now {money_text(balance)} KZT."))

    def _officer(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not roles.has_role(user, roles.FUND_OFFICER):
            raise CommandError(f"{username} is not a fund officer")
        return user


def review_path(allocation_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("staff_recovery:allocation", args=[allocation_id])
