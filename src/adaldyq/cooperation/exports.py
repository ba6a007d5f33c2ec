"""Turn our records into FollowTheMoney entities for a partner.

What leaves: names and country of persons and companies, the public register entry
(through `register.public`, so an expunged or unpublished conviction never leaves),
assets with kind, country and value, and who owns them. What never leaves: IIN/BIN,
birth dates, addresses, internal notes. A formal request carries identifiers in its
signed letter, not in the data package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from adaldyq.cooperation import ftm
from adaldyq.cooperation.exceptions import ExportError
from adaldyq.cooperation.models import CooperationRequest, RequestSubject, SubjectKind
from adaldyq.core.multilingual import localized
from adaldyq.recovery import public as recovery
from adaldyq.recovery.public import Asset, PartyKind
from adaldyq.register import public


class EntitySet:
    """Entities keyed by id, in insertion order, so the same record is sent once."""

    def __init__(self, agency: str) -> None:
        self.agency = agency
        self._by_id: dict[str, dict[str, Any]] = {}

    def add(self, entity: dict[str, Any]) -> str:
        self._by_id.setdefault(entity["id"], entity)
        return str(entity["id"])

    def id(self, kind: str, key: object) -> str:
        return ftm.entity_id(self.agency, kind, key)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    # Sources --------------------------------------------------------------------------

    def add_conviction(self, conviction_id: int) -> str | None:
        """A public register entry: the person, the court case and the link. None if the
        entry is not public today."""
        state, conviction = public.lookup(conviction_id)
        if state != "public" or conviction is None:
            return None
        entry = public.entry_json(conviction)
        aliases = [n for n in entry["names"].values() if n and n != entry["name"]]
        person_id = self.add(ftm.person(self.id("person", conviction.person_id), entry["name"], country="kz",
                                        aliases=aliases, topics=["crime"]))
        articles = ", ".join(a["code"] for a in entry["articles"])
        case_id = self.add(ftm.court_case(
            self.id("case", conviction.pk), f"{entry['court']} {entry['case_number']}",
            case_number=entry["case_number"], court=entry["court"],
            decided_on=conviction.verdict_date, summary=f"Criminal Code of Kazakhstan, article(s) {articles}",
        ))
        self.add(ftm.case_party(self.id("party", conviction.pk), case_id, person_id))
        return person_id

    def add_person(self, person_id: int) -> str | None:
        """Every public entry of a register person."""
        found = None
        for conviction_id in public.entry_ids_of_person(person_id):
            found = self.add_conviction(conviction_id) or found
        return found

    def add_asset(self, asset: Asset) -> str:
        asset_id = self.add(ftm.asset(
            self.id("asset", asset.reference), f"{asset.get_kind_display()} {asset.reference}",
            category=asset.kind, country=asset.country.lower(), amount=asset.valuation_amount or None,
            currency=asset.valuation_currency, description=localized(asset, "description", "en"),
        ))
        owner = asset.owner
        if owner is not None:
            if owner.kind == PartyKind.ORGANIZATION:
                owner_id = self.add(ftm.company(self.id("org", owner.pk), owner.name))
            else:
                owner_id = self.add(ftm.person(self.id("party", owner.pk), owner.name))
            self.add(ftm.ownership(self.id("own", asset.pk), owner_id, asset_id))
        return asset_id

    def add_subject(self, subject: RequestSubject) -> str | None:
        if subject.asset_id is not None and subject.asset is not None:
            return self.add_asset(subject.asset)
        conviction_id = getattr(subject, "conviction_id", None)
        if conviction_id:
            return self.add_conviction(conviction_id)
        person_id = getattr(subject, "person_id", None)
        if person_id:
            return self.add_person(person_id)
        country = subject.country.lower() or None
        if subject.kind == SubjectKind.PERSON:
            return self.add(ftm.person(self.id("subject", subject.pk), subject.name, country=country))
        if subject.kind == SubjectKind.COMPANY:
            return self.add(ftm.company(self.id("subject", subject.pk), subject.name, country=country))
        return self.add(ftm.asset(self.id("subject", subject.pk), subject.name, country=country,
                                  description=subject.note or None))

    def add_request(self, request: CooperationRequest) -> None:
        for subject in request.subjects.select_related("asset", "asset__owner").all():
            self.add_subject(subject)


def assets_by_reference(references: Iterable[str]) -> list[Asset]:
    wanted = list(dict.fromkeys(references))
    found = recovery.assets_by_reference(wanted)
    missing = [r for r in wanted if r not in found]
    if missing:
        raise ExportError(f"No asset with reference {', '.join(missing)}.")
    return [found[r] for r in wanted]
