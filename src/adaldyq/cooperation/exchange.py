"""Export, verify and import signed data packages (the database side of `package.py`).

Export numbers packages per partner (1, 2, 3 …) and signs them with the agency key.
Import accepts a package only if it is signed by the registered key of the partner it
claims to come from, addressed to us, intact, valid FollowTheMoney, and newer than
the last one accepted from that partner; otherwise nothing is written.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import transaction
from django.utils import timezone

from adaldyq.cooperation import keys, package
from adaldyq.cooperation import settings as coop_settings
from adaldyq.cooperation.exceptions import ExchangeKeyError, ExportError, PackageRefused
from adaldyq.cooperation.exports import EntitySet, assets_by_reference
from adaldyq.cooperation.models import CooperationRequest, ExchangePackage, PackageEntity, Partner
from adaldyq.cooperation.services import STREAM
from adaldyq.core import history


def partner_by_code(code: str) -> Partner:
    partner = Partner.objects.filter(code=code).first()
    if partner is None:
        raise ExportError(f"No partner with code '{code}'.")
    return partner


@dataclass(frozen=True)
class Selection:
    """What to put in a package."""

    requests: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()
    convictions: tuple[int, ...] = ()
    persons: tuple[int, ...] = ()


def collect(selection: Selection, agency: str) -> EntitySet:
    entities = EntitySet(agency)
    for reference in selection.requests:
        request = CooperationRequest.objects.filter(reference=reference).first()
        if request is None:
            raise ExportError(f"No request {reference}.")
        entities.add_request(request)
    for asset in assets_by_reference(selection.assets):
        entities.add_asset(asset)
    for conviction_id in selection.convictions:
        if entities.add_conviction(conviction_id) is None:
            raise ExportError(f"Register entry {conviction_id} is not public; it cannot be sent.")
    for person_id in selection.persons:
        if entities.add_person(person_id) is None:
            raise ExportError(f"Register person {person_id} has no public entry; nothing can be sent.")
    return entities


def export(partner_code: str, selection: Selection, *, actor_id: int | None = None,
           key_path: Path | None = None) -> tuple[ExchangePackage, bytes]:
    """Build and sign a package for a partner; record it. Returns the row and the bytes."""
    partner = partner_by_code(partner_code)
    if not partner.active:
        raise ExportError(f"{partner.name} is not an active partner.")
    agency = coop_settings.agency_code()
    entities = collect(selection, agency)
    if not len(entities):
        raise ExportError("Nothing to send: choose requests, assets or register entries.")
    key = keys.load(key_path)
    request = None
    if len(selection.requests) == 1:
        request = CooperationRequest.objects.filter(reference=selection.requests[0], partner=partner).first()
    with transaction.atomic():
        locked = Partner.objects.select_for_update().get(pk=partner.pk)
        sequence = locked.last_sent_sequence + 1
        built = package.build(list(entities), sender=agency, recipient=partner.code, sequence=sequence, key=key)
        locked.last_sent_sequence = sequence
        locked.save(update_fields=["last_sent_sequence"])
        row = ExchangePackage.objects.create(
            package_id=built.manifest["package_id"], partner=locked, direction="sent", sequence=sequence,
            manifest=built.manifest, sha256=hashlib.sha256(built.data).hexdigest(),
            entity_count=built.manifest["entity_count"], request=request, by_id=actor_id,
        )
        history.record(STREAM, history.NewEvent(
            subject_type="package", subject_id=row.package_id, action="export", actor_id=actor_id,
            public={"partner": partner.code, "sequence": sequence, "entities": row.entity_count,
                    "sha256": row.sha256},
            private={"requests": list(selection.requests), "assets": list(selection.assets),
                     "convictions": list(selection.convictions), "persons": list(selection.persons)},
        ))
    return row, built.data


def _trust() -> tuple[dict[str, Ed25519PublicKey], dict[str, int]]:
    keyring: dict[str, Ed25519PublicKey] = {}
    last: dict[str, int] = {}
    for partner in Partner.objects.filter(active=True).exclude(public_key=""):
        try:
            keyring[partner.code] = package.parse_public_key(partner.public_key)
        except ExchangeKeyError:
            continue  # a malformed stored key trusts nothing
        last[partner.code] = partner.last_received_sequence
    return keyring, last


def verify(data: bytes, package_ids: Iterable[str] | None = None) -> package.Verified:
    """Every check import makes, without writing anything."""
    keyring, last = _trust()
    seen = package_ids if package_ids is not None else ExchangePackage.objects.filter(
        direction="received").values_list("package_id", flat=True)
    return package.verify(data, keys=keyring, recipient=coop_settings.agency_code(),
                          last_sequence=last, seen_package_ids=seen)


def import_package(data: bytes, *, actor_id: int | None = None, request_reference: str = "",
                   source: str = "") -> ExchangePackage:
    """Verify and store a received package. Refusals raise PackageRefused, writing nothing."""
    verified = verify(data)
    request = None
    if request_reference:
        request = CooperationRequest.objects.filter(reference=request_reference).first()
        if request is None:
            raise PackageRefused(f"No request {request_reference} to attach the package to.")
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(code=verified.sender)
        if verified.sequence <= partner.last_received_sequence:  # another import won the race
            raise PackageRefused(
                f"Package sequence {verified.sequence} from {partner.code} is not newer than the last "
                f"accepted ({partner.last_received_sequence}): an old package replayed."
            )
        if ExchangePackage.objects.filter(package_id=verified.package_id).exists():
            raise PackageRefused(f"Package {verified.package_id} was already imported: a replay.")
        if request is not None and request.partner_id != partner.pk:
            raise PackageRefused(f"Request {request.reference} is with another partner.")
        row = ExchangePackage.objects.create(
            package_id=verified.package_id, partner=partner, direction="received", sequence=verified.sequence,
            manifest=verified.manifest, sha256=hashlib.sha256(data).hexdigest(),
            entity_count=verified.entity_count, request=request, by_id=actor_id,
        )
        # In batches, read again from the verified bytes: memory stays bounded.
        entities = verified.entities()
        while batch := list(itertools.islice(entities, 1000)):
            PackageEntity.objects.bulk_create(
                [PackageEntity(package=row, entity_id=e["id"][:200], schema=e["schema"],
                               caption=package.ftm.caption(e)[:300], data=e) for e in batch])
        partner.last_received_sequence = verified.sequence
        partner.save(update_fields=["last_received_sequence"])
        history.record(STREAM, history.NewEvent(
            subject_type="package", subject_id=row.package_id, action="import", actor_id=actor_id,
            occurred_on=timezone.localdate(), source=source[:200] or "staff",
            public={"partner": partner.code, "sequence": row.sequence, "entities": row.entity_count,
                    "sha256": row.sha256},
        ))
    return row
