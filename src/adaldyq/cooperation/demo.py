"""Synthetic demonstration data: partner agencies in eight countries, their
agreements and contact points, some fifty requests in both directions in every state
of the workflow (some overdue), subjects linked to demo assets abroad and register
entries, partner tokens, and one signed package received and imported through the
same checks as a real one. Every name is invented; seeded and deterministic."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from adaldyq.cooperation import exchange, ftm, package, review, scopes, services, workflow
from adaldyq.cooperation import settings as coop_settings
from adaldyq.cooperation.models import Agreement, ContactPoint, CooperationRequest, Partner
from adaldyq.core import roles
from adaldyq.recovery import public as recovery
from adaldyq.register import public as register

ALL = [scopes.SCREEN, scopes.REGISTER_READ, scopes.REQUESTS_READ]
# code, name, country, agreement kind, network, agreement title, api scopes, valid_until offset (days; None = open)
PARTNERS: list[tuple[str, str, str, str, str, str, list[str], int | None]] = [
    ("VN-DEMO-INSP", "Demo Anti-Corruption Inspectorate of Viet Nam", "VN", "memorandum", "",
     "Memorandum on cooperation in combating corruption (demo)", ALL, None),
    ("SA-DEMO-ACA", "Demo Oversight and Anti-Corruption Authority of Saudi Arabia", "SA", "memorandum", "",
     "Memorandum on exchange of information on corruption crimes (demo)", [scopes.REQUESTS_READ, scopes.SCREEN], None),
    ("GB-DEMO-ARO", "Demo Asset Recovery Office of the United Kingdom", "GB", "network", "CARIN",
     "CARIN network membership (demo)", [scopes.REQUESTS_READ, scopes.SCREEN], None),
    ("CY-DEMO-ARO", "Demo Asset Recovery Office of Cyprus", "CY", "network", "CARIN",
     "CARIN network membership (demo)", [scopes.REQUESTS_READ], None),
    ("KR-DEMO-ARO", "Demo Asset Recovery Contact Point of the Republic of Korea", "KR", "network", "ARIN-AP",
     "ARIN-AP network membership (demo)", [scopes.REQUESTS_READ, scopes.SCREEN], None),
    ("CH-DEMO-FOJ", "Demo Federal Justice Office of Switzerland", "CH", "treaty", "",
     "Treaty on mutual legal assistance in criminal matters (demo)", [scopes.REQUESTS_READ], None),
    ("TR-DEMO-MOJ", "Demo Ministry of Justice of Türkiye", "TR", "treaty", "",
     "Agreement on legal assistance in criminal matters (demo)", [scopes.REQUESTS_READ], -30),
    ("AE-DEMO-MOJ", "Demo Ministry of Justice of the United Arab Emirates", "AE", "convention", "",
     "UN Convention against Corruption, chapter V (demo)", [], None),
]
CONTACTS = ["Contact point officer", "Head of international cooperation", "Duty analyst"]
GIVEN = ["Alex", "Sam", "Kim", "Lee", "Dana", "Robin", "Nguyen", "Chris"]
SURNAMES = ["Demo", "Sample", "Example", "Placeholder", "Fictive"]
LEGAL_BASIS = {
    "memorandum": "Memorandum, art. 3 (exchange of information)",
    "network": "Network rules: informal exchange between contact points",
    "treaty": "Treaty on mutual legal assistance, art. 1 and 14",
    "convention": "UNCAC arts. 46, 54, 55 and 57",
}


def _officers() -> tuple[Any, Any]:
    user_model = get_user_model()
    made = []
    group = Group.objects.filter(name=roles.COOPERATION_OFFICER).first()
    for name in ("demo.coop.maker", "demo.coop.checker"):
        user, created = user_model.objects.get_or_create(username=name)
        if created:
            user.set_unusable_password()
            user.save()
        if group:
            user.groups.add(group)
        made.append(user)
    return made[0], made[1]


def _key(rng: random.Random) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes(rng.getrandbits(8) for _ in range(32)))


def _partners(rng: random.Random, today: dt.date) -> list[tuple[Partner, Ed25519PrivateKey]]:
    made = []
    for code, name, country, kind, network, title, api, until in PARTNERS:
        key = _key(rng)
        text = package.public_key_text(key.public_key())
        partner = Partner.objects.create(code=code, name=name, country=country, public_key=text,
                                         key_fingerprint=package.fingerprint(text), key_registered_on=today,
                                         notes="Synthetic demonstration partner.")
        signed = today - dt.timedelta(days=rng.randint(400, 2500))
        Agreement.objects.create(
            partner=partner, kind=kind, network=network, title=title, api_scopes=api, signed_on=signed,
            valid_from=signed, valid_until=today + dt.timedelta(days=until) if until is not None else None,
            scope="Exchange of information on persons, companies and assets connected with corruption offences; "
                  "tracing, freezing, confiscation and return of proceeds (demo).",
        )
        for role in rng.sample(CONTACTS, 2):
            given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
            ContactPoint.objects.create(partner=partner, name=f"{given} {surname}", role=role,
                                        email=f"{given.lower()}.{surname.lower()}@{code.lower()}.example",
                                        languages=rng.choice(["en", "en, ru", "en, fr"]))
        made.append((partner, key))
    return made


def _letter(title: str, on: dt.date, number: str) -> services.NewDocument:
    return services.NewDocument(title, on, number)


def _advance(request: CooperationRequest, path: list[str], *, start: dt.date, maker: Any, checker: Any,
             rng: random.Random, today: dt.date) -> CooperationRequest:
    """Walk a request along `path`, a few days or weeks per step, never past today."""
    on = start
    for n, target in enumerate(path):
        on = min(on + dt.timedelta(days=rng.randint(2, 40)), today)
        actor = checker if target == workflow.SENT and request.status == workflow.AWAITING_APPROVAL else maker
        document = None
        if target in workflow.DOCUMENT_REQUIRED:
            title = {workflow.SENT: "Request letter", workflow.ANSWERED: "Answer",
                     workflow.REFUSED: "Refusal letter"}[target]
            document = _letter(title, on, f"{request.reference}/{n + 1}")
        # The second officer sends what the review shows them, as on the staff page.
        shown = review.approval_review(request)["digest"] if review.needs_review(request) else ""
        request = services.move(request, target, actor_id=actor.pk, document=document, on=on,
                                note="demo step", reviewed=shown)
    return request


OUT_PATHS = [
    [],
    [workflow.SENT],
    [workflow.SENT, workflow.IN_PROGRESS],
    [workflow.SENT, workflow.MORE_INFO],
    [workflow.SENT, workflow.ANSWERED],
    [workflow.SENT, workflow.ANSWERED, workflow.CLOSED],
    [workflow.SENT, workflow.REFUSED],
    [workflow.SENT, workflow.WITHDRAWN, workflow.CLOSED],
]
IN_PATHS = [
    [],
    [workflow.IN_PROGRESS],
    [workflow.MORE_INFO],
    [workflow.IN_PROGRESS, workflow.ANSWERED],
    [workflow.IN_PROGRESS, workflow.ANSWERED, workflow.CLOSED],
    [workflow.REFUSED, workflow.CLOSED],
]


def _outgoing_path(kind: str, rng: random.Random) -> list[str]:
    path = rng.choice(OUT_PATHS)
    if kind in workflow.SECOND_OFFICER_KINDS and path:
        return [workflow.AWAITING_APPROVAL, *path]
    if kind in workflow.SECOND_OFFICER_KINDS and rng.random() < 0.5:
        return [workflow.AWAITING_APPROVAL]
    return path


def _assets_abroad() -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for asset in recovery.assets_abroad():
        found.setdefault(asset.country, []).append(asset)
    return found


def _public_entries(limit: int) -> list[Any]:
    return list(register.public_entries().order_by("pk")[:limit])


@transaction.atomic
def load(seed: int = 2026) -> str:
    if Partner.objects.filter(code=PARTNERS[0][0]).exists():
        return "cooperation: demo data already present"
    rng = random.Random(seed + 6)
    today = services.today()
    maker, checker = _officers()
    partners = _partners(rng, today)
    assets = _assets_abroad()
    entries = _public_entries(40)
    made = 0
    for index in range(52):
        partner, _ = partners[index % len(partners)]
        agreement = partner.agreements.first()
        direction = workflow.OUTGOING if index % 3 else workflow.INCOMING
        kinds = list(workflow.KINDS) if partner.country in assets else [workflow.INFORMATION, workflow.ASSET_TRACING,
                                                                        workflow.MLA]
        kind = rng.choice(kinds)
        start = today - dt.timedelta(days=rng.randint(5, 420))
        due = start + dt.timedelta(days=rng.choice([45, 90, 180, 365, 400]))
        request = services.create_request(
            direction=direction, kind=kind, partner=partner, agreement=agreement,
            legal_basis=LEGAL_BASIS[agreement.kind if agreement else "convention"], actor_id=maker.pk,
            summary="Synthetic demonstration request.", opened_on=start, due_on=due,
            partner_reference=f"{partner.country}/{start.year}/{rng.randint(100, 999)}" if direction == workflow.INCOMING else "",
            recovery_case_id=None,
        )
        country_assets = assets.get(partner.country, [])
        if country_assets and kind != workflow.INFORMATION:
            for asset in rng.sample(country_assets, min(len(country_assets), rng.randint(1, 2))):
                services.add_subject(request, kind="asset", name=asset.description[:300], country=asset.country,
                                     asset_id=asset.pk, actor_id=maker.pk)
                if request.recovery_case_id is None:
                    CooperationRequest.objects.filter(pk=request.pk).update(recovery_case_id=asset.case_id)
        if entries and rng.random() < 0.5:
            entry = rng.choice(entries)
            services.add_subject(request, kind="person", name=entry.person.display_name("en"), country="KZ",
                                 person_id=entry.person_id, conviction_id=entry.pk, actor_id=maker.pk)
        else:
            services.add_subject(request, kind=rng.choice(["person", "company"]),
                                 name=f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {rng.choice(['', 'Holding Ltd', 'Trading LLC'])}".strip(),
                                 country=partner.country, actor_id=maker.pk)
        path = _outgoing_path(kind, rng) if direction == workflow.OUTGOING else rng.choice(IN_PATHS)
        _advance(request, path, start=start, maker=maker, checker=checker, rng=rng, today=today)
        made += 1
    for partner, _ in partners[:3]:
        if partner.api_scopes(today):
            services.issue_partner_token(partner, sorted(partner.api_scopes(today)), actor_id=checker.pk,
                                         rate_per_minute=30)
    imported = _received_package(partners[0], rng)
    return (f"cooperation: {len(partners)} partners, {made} requests, "
            f"{CooperationRequest.objects.filter(status__in=workflow.OPEN_STATUSES, due_on__lt=today).count()} overdue, "
            f"{imported} package imported")


def _received_package(partner_key: tuple[Partner, Ed25519PrivateKey], rng: random.Random) -> int:
    """A package the first partner 'sent' us, imported through every normal check."""
    partner, key = partner_key
    prefix = partner.code.lower()
    people = [ftm.person(f"{prefix}-person-{i}", f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}",
                         country=partner.country.lower()) for i in range(1, 6)]
    company = ftm.company(f"{prefix}-company-1", "Demo Coastal Holding Ltd", country=partner.country.lower())
    villa = ftm.asset(f"{prefix}-asset-1", "Villa (demo)", category="real_estate", country=partner.country.lower())
    links = [ftm.ownership(f"{prefix}-own-1", company["id"], villa["id"]),
             ftm.ownership(f"{prefix}-own-2", people[0]["id"], company["id"])]
    built = package.build([*people, company, villa, *links], sender=partner.code,
                          recipient=coop_settings.agency_code(), sequence=1, key=key)
    exchange.import_package(built.data, source="demo")
    return 1
