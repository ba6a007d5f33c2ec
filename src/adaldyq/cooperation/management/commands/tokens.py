"""`adaldyq tokens issue|list|revoke`: API tokens from the command line.

issue NAME --scope S [--scope S] [--user USERNAME | --partner CODE] [--rate N] [--daily-names N]
                  prints the token once (only its hash is stored). Internal scopes
                  (screen, procurement:read, risks:read) for the agency's own systems,
                  optionally owned by a user; partner scopes (partner:...) only with
                  --partner, and only those the partner's agreement in force covers.
                  --daily-names: names it may screen per Asia/Almaty day (default
                  ADALDYQ_SCREEN_DAILY_QUOTA)
list              every token: prefix, name, kind, scopes, rate, daily quota, state (never secrets)
revoke PREFIX     stop a token at once

Each issue and revocation is recorded in the history (internal tokens in the
`tokens` stream, partner tokens in `cooperation`).

The command lives here, not in core, because it issues both kinds: cooperation builds
on core's tokens, and core never imports an app.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from adaldyq.cooperation import services as cooperation
from adaldyq.cooperation.exceptions import CooperationError
from adaldyq.cooperation.models import Partner
from adaldyq.core import tokens
from adaldyq.core.models import ApiToken
from adaldyq.screening.public import quotas


class Command(BaseCommand):
    help = "Issue, list and revoke API tokens."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Issue a token and print it once.")
        issue.add_argument("name", help="Who uses it, e.g. 'Halyk Bank screening'.")
        issue.add_argument("--scope", action="append", default=[], dest="scopes", help="Repeat for several.")
        owner = issue.add_mutually_exclusive_group()
        owner.add_argument("--user", help="The staff user who answers for this internal token.")
        owner.add_argument("--partner", help="A partner agency's code: issues a partner token.")
        issue.add_argument("--rate", type=int, default=60, help="Calls per minute (default 60).")
        issue.add_argument("--daily-names", type=int, default=None, dest="daily_names",
                           help="Names it may screen per Asia/Almaty day (default ADALDYQ_SCREEN_DAILY_QUOTA).")
        sub.add_parser("list", help="List tokens (never their secrets).")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"do_{action}")(**options)
        except (tokens.TokenRefused, CooperationError) as exc:
            raise CommandError(str(exc)) from exc

    def do_issue(self, *, name: str, scopes: list[str], user: str | None, partner: str | None, rate: int,
                 daily_names: int | None, **_: Any) -> None:
        if partner:
            found = Partner.objects.filter(code=partner).first()
            if found is None:
                raise CommandError(f"No partner with code {partner}.")
            issued = cooperation.issue_partner_token(found, scopes, actor_id=None, rate_per_minute=rate,
                                                     daily_names=daily_names, name=name)
        else:
            owner_id = None
            if user:
                owner = get_user_model().objects.filter(username=user).first()
                if owner is None:
                    raise CommandError(f"No user {user}.")
                owner_id = owner.pk
            issued = tokens.issue_internal(name, scopes, rate_per_minute=rate, daily_names=daily_names,
                                           owner_id=owner_id)
        self.stderr.write(f"Issued {issued.token.prefix} ({', '.join(issued.token.scopes)}, "
                          f"{issued.token.rate_per_minute}/min, {quotas.limit_of(issued.token)} names/day). "
                          "It is shown only now:")
        self.stdout.write(issued.plaintext)

    def do_list(self, **_: Any) -> None:
        partners = dict(Partner.objects.values_list("pk", "code"))
        for token in ApiToken.objects.select_related("owner").order_by("created_at", "pk"):
            kind = f"partner {partners.get(token.partner_id, token.partner_id)}" if token.partner_id else (
                f"internal, {token.owner.get_username()}" if token.owner else "internal")
            state = "active" if token.active else "revoked"
            self.stdout.write(f"{token.prefix}\t{state}\t{kind}\t{','.join(token.scopes)}\t"
                              f"{token.rate_per_minute}/min\t{quotas.limit_of(token)} names/day\t{token.name}")

    def do_revoke(self, *, prefix: str, **_: Any) -> None:
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No token with prefix {prefix}.")
        if token.partner_id:
            partner = Partner.objects.get(pk=token.partner_id)
            if not token.active:
                raise CommandError(f"Token {prefix} is already revoked.")
            cooperation.revoke_partner_token(partner, token.pk, actor_id=None)
        else:
            tokens.revoke_internal(token)
        self.stdout.write(f"Revoked {prefix}.")
