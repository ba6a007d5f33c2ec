"""Synthetic OCDS compiled releases with a realistic shape, for benchmarks and demos.

The data is invented: buyers are made-up state institutions named after real regions,
suppliers are made-up companies with syllable-built Kazakh names, and identifiers are
random 12-digit numbers in the BIN format. No real person or company is described.

Each release has the shape Kazakh procurement data takes once compiled: parties, a buyer,
a tender with tenderers and classified items, bids.details, awards and contracts, with
amounts in KZT. A small share of processes carry planted red flags (short periods, single
bids, identical bid prices, late winning bids, disqualified lowest bids, chains of direct
awards below the open-procedure threshold) so every indicator has something to find.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

REGIONS = (
    "Абайской области", "Акмолинской области", "Актюбинской области", "Алматинской области",
    "Атырауской области", "Западно-Казахстанской области", "Жамбылской области",
    "Жетысуской области", "Карагандинской области", "Костанайской области",
    "Кызылординской области", "Мангистауской области", "Павлодарской области",
    "Северо-Казахстанской области", "Туркестанской области", "Улытауской области",
    "Восточно-Казахстанской области", "города Астаны", "города Алматы", "города Шымкента",
)
INSTITUTIONS = (
    "ГУ «Управление образования {r}»", "ГУ «Управление здравоохранения {r}»",
    "КГУ «Отдел жилищно-коммунального хозяйства {r}»", "ГУ «Управление финансов {r}»",
    "ГУ «Управление пассажирского транспорта и автомобильных дорог {r}»",
    "КГП на ПХВ «Областная больница {r}»", "ГУ «Управление культуры {r}»",
    "КГУ «Отдел строительства {r}»", "ГУ «Управление физической культуры и спорта {r}»",
    "ГУ «Аппарат акима {r}»",
)
SYLLABLES = (
    "Алтын", "Береке", "Нұр", "Жарық", "Самға", "Бірлік", "Дала", "Тау", "Кен", "Арман",
    "Ақ", "Жол", "Сәт", "Төре", "Құмай", "Ерлік", "Шапағат", "Әсем", "Ордa", "Байтақ",
)
SUFFIXES = ("Құрылыс", "Сервис", "Строй", "Трейд", "Тех", "Снаб", "Инвест", "Медикал", "Агро", "Логистик")
FORMS = ("ТОО «{n}»", "ТОО «{n}»", "ТОО «{n}»", "ИП «{n}»", "АО «{n}»")
CLASSIFICATION = (
    "45211000", "45233000", "33141000", "33600000", "30192000", "39130000", "09134200",
    "15800000", "79710000", "90910000", "72260000", "34110000", "44111000", "03221000",
)
ITEM_NAMES = (
    "Строительно-монтажные работы", "Ремонт автомобильной дороги", "Медицинские изделия",
    "Лекарственные средства", "Канцелярские товары", "Офисная мебель", "Дизельное топливо",
    "Продукты питания", "Услуги охраны", "Услуги по уборке помещений",
    "Сопровождение программного обеспечения", "Легковой автомобиль", "Цемент", "Овощи",
)
OPEN_DETAILS = ("Открытый конкурс", "Аукцион", "Запрос ценовых предложений")
DIRECT_DETAILS = "Из одного источника"
LIMITED_DETAILS = "Конкурс с предварительным квалификационным отбором"
RATIONALES = (
    "Закупка у субъекта естественной монополии",
    "Повторный конкурс признан несостоявшимся",
    "Чрезвычайная ситуация",
    "Закупка услуг у юридического лица, определённого законодательством",
    "Приобретение товаров, работ, услуг на сумму ниже порога",
)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str


def _bin(rng: random.Random) -> str:
    return "KZ-BIN-" + "".join(rng.choice("0123456789") for _ in range(12))


def _organisations(rng: random.Random, buyers: int, suppliers: int) -> tuple[list[Organisation], list[Organisation]]:
    buyer_list = [
        Organisation(_bin(rng), rng.choice(INSTITUTIONS).format(r=rng.choice(REGIONS)) + f" №{i}")
        for i in range(buyers)
    ]
    supplier_list = []
    for i in range(suppliers):
        name = rng.choice(SYLLABLES) + rng.choice(SYLLABLES).lower() + " " + rng.choice(SUFFIXES)
        supplier_list.append(Organisation(_bin(rng), rng.choice(FORMS).format(n=name) + f"-{i}"))
    return buyer_list, supplier_list


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+05:00")


def _party(org: Organisation, roles: list[str], rng: random.Random) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "identifier": {"scheme": "KZ-BIN", "id": org.id[-12:], "legalName": org.name},
        "address": {
            "streetAddress": f"ул. {rng.choice(SYLLABLES)}, {rng.randint(1, 200)}",
            "region": rng.choice(REGIONS),
            "countryName": "Казахстан",
        },
        "roles": roles,
    }


class ReleaseFactory:
    """Builds releases one at a time from a seeded random source."""

    def __init__(self, seed: int = 1, buyers: int = 2000, suppliers: int = 30000,
                 threshold: float = 10_000_000.0) -> None:
        self.rng = random.Random(seed)
        self.buyers, self.suppliers = _organisations(self.rng, buyers, suppliers)
        self.threshold = threshold
        self.start = datetime(2023, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=5)))
        self._split_chain: list[tuple[Organisation, Organisation, datetime]] = []

    def release(self, index: int) -> dict[str, Any]:
        rng = self.rng
        if self._split_chain:
            buyer, supplier, when = self._split_chain.pop()
            return self._direct(index, buyer, supplier, when, split=True)
        buyer = self.buyers[int(len(self.buyers) * rng.random() ** 2)]  # a few buyers buy a lot
        when = self.start + timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
        roll = rng.random()
        if roll < 0.30:
            supplier = self._supplier()
            if rng.random() < 0.02:
                # A chain of small direct awards to the same supplier, a few days apart.
                for step in range(rng.randint(2, 5)):
                    self._split_chain.append((buyer, supplier, when + timedelta(days=3 * (step + 1))))
                return self._direct(index, buyer, supplier, when, split=True)
            return self._direct(index, buyer, supplier, when, split=False)
        return self._competitive(index, buyer, when, limited=roll < 0.35)

    def _supplier(self) -> Organisation:
        return self.suppliers[int(len(self.suppliers) * self.rng.random() ** 3)]  # and a few suppliers win a lot

    def _items(self, amount: float) -> list[dict[str, Any]]:
        rng = self.rng
        base = rng.randrange(len(CLASSIFICATION))
        items = []
        for n in range(rng.randint(1, 4)):
            k = (base + (n if rng.random() < 0.2 else 0)) % len(CLASSIFICATION)
            quantity = rng.randint(1, 500)
            items.append({
                "id": str(n + 1),
                "description": ITEM_NAMES[k],
                "classification": {"scheme": "CPV", "id": CLASSIFICATION[k]},
                "quantity": quantity,
                "unit": {"name": "штука", "value": {"amount": round(amount / quantity, 2), "currency": "KZT"}},
            })
        return items

    def _common(self, index: int, buyer: Organisation, when: datetime) -> dict[str, Any]:
        return {
            "ocid": f"ocds-kz0000-{index:09d}",
            "id": f"ocds-kz0000-{index:09d}-compiled",
            "date": _iso(when),
            "tag": ["compiled"],
            "initiationType": "tender",
            "language": "ru",
            "buyer": {"id": buyer.id, "name": buyer.name},
        }

    def _direct(self, index: int, buyer: Organisation, supplier: Organisation, when: datetime, *,
                split: bool) -> dict[str, Any]:
        rng = self.rng
        amount = round(rng.uniform(0.3, 0.95) * self.threshold, 2) if split else round(rng.lognormvariate(14.5, 1.6), 2)
        release = self._common(index, buyer, when)
        items = self._items(amount)
        release["parties"] = [_party(buyer, ["buyer", "procuringEntity"], rng), _party(supplier, ["supplier"], rng)]
        release["tender"] = {
            "id": f"T-{index}",
            "title": items[0]["description"],
            "status": "complete",
            "procurementMethod": "direct",
            "procurementMethodDetails": DIRECT_DETAILS,
            "procurementMethodRationale": rng.choice(RATIONALES),
            "mainProcurementCategory": "goods",
            "value": {"amount": amount, "currency": "KZT"},
            "numberOfTenderers": 1,
            "procuringEntity": {"id": buyer.id, "name": buyer.name},
            "items": items,
        }
        release["awards"] = [self._award(index, 1, supplier, amount=amount, when=when, items=items)]
        release["contracts"] = [self._contract(index, 1, amount, when)]
        return release

    def _competitive(self, index: int, buyer: Organisation, when: datetime, limited: bool) -> dict[str, Any]:
        rng = self.rng
        estimate = round(rng.lognormvariate(16.0, 1.5), 2)
        days = rng.randint(15, 40) if rng.random() > 0.05 else rng.randint(3, 14)
        end = when + timedelta(days=days)
        bidders, amounts, statuses, winner = self._bidding(estimate)
        n_bids = len(bidders)
        bids = []
        for i, org in enumerate(bidders):
            submitted = end - timedelta(hours=rng.randint(1, 24 * days))
            if i == winner and rng.random() < 0.01:
                submitted = end + timedelta(hours=rng.randint(1, 48))  # late bid that wins
            bids.append({
                "id": f"B-{index}-{i + 1}",
                "date": _iso(submitted),
                "status": statuses[i],
                "tenderers": [{"id": org.id, "name": org.name}],
                "value": {"amount": amounts[i], "currency": "KZT"},
            })
        award_amount = amounts[winner]
        items = self._items(estimate)
        method = "selective" if limited else "open"
        release = self._common(index, buyer, when)
        parties = [_party(buyer, ["buyer", "procuringEntity"], rng)]
        parties += [_party(org, ["tenderer", "supplier"] if i == winner else ["tenderer"], rng)
                    for i, org in enumerate(bidders)]
        release["parties"] = parties
        status = "cancelled" if rng.random() < 0.01 else "complete"
        release["tender"] = {
            "id": f"T-{index}",
            "title": items[0]["description"],
            "status": status,
            "procurementMethod": method,
            "procurementMethodDetails": LIMITED_DETAILS if limited else rng.choice(OPEN_DETAILS),
            "mainProcurementCategory": rng.choice(("goods", "works", "services")),
            "value": {"amount": estimate, "currency": "KZT"},
            "tenderPeriod": {"startDate": _iso(when), "endDate": _iso(end)},
            "numberOfTenderers": n_bids,
            "tenderers": [{"id": org.id, "name": org.name} for org in bidders],
            "procuringEntity": {"id": buyer.id, "name": buyer.name},
            "items": items,
        }
        if limited:
            release["tender"]["procurementMethodRationale"] = rng.choice(RATIONALES)
        release["bids"] = {"details": bids}
        award_date = end + timedelta(days=rng.randint(1, 20))
        release["awards"] = [self._award(index, 1, bidders[winner], amount=award_amount, when=award_date, items=items)]
        release["contracts"] = [self._contract(index, 1, award_amount, award_date)]
        return release

    def _bidding(self, estimate: float) -> tuple[list[Organisation], list[float], list[str], int]:
        """Bidders, their prices and statuses, and the winner's position among them."""
        rng = self.rng
        n_bids = 1 if rng.random() < 0.15 else rng.randint(2, 7)
        bidders: list[Organisation] = []
        while len(bidders) < n_bids:
            candidate = self._supplier()
            if candidate not in bidders:
                bidders.append(candidate)
        amounts = [round(estimate * rng.uniform(0.7, 1.0), 2) for _ in bidders]
        if n_bids > 1 and rng.random() < 0.02:
            amounts[1] = amounts[0]  # identical bid prices
        statuses = ["valid" if rng.random() > 0.12 else "disqualified" for _ in bidders]
        if "valid" not in statuses:
            statuses[-1] = "valid"
        order = sorted(range(n_bids), key=lambda i: (statuses[i] != "valid", amounts[i]))
        winner = order[0]
        if n_bids > 1 and rng.random() < 0.03:
            lowest = min(range(n_bids), key=lambda i: amounts[i])
            statuses[lowest] = "disqualified"  # the lowest bid is disqualified
            winner = next((i for i in order if statuses[i] == "valid"), winner)
        return bidders, amounts, statuses, winner

    def _award(self, index: int, n: int, supplier: Organisation, *, amount: float, when: datetime,
               items: list[dict[str, Any]]) -> dict[str, Any]:
        status = "active" if self.rng.random() > 0.02 else "pending"
        return {
            "id": f"A-{index}-{n}",
            "status": status,
            "date": _iso(when),
            "value": {"amount": amount, "currency": "KZT"},
            "suppliers": [{"id": supplier.id, "name": supplier.name}],
            "items": items,
        }

    def _contract(self, index: int, n: int, amount: float, when: datetime) -> dict[str, Any]:
        signed = when + timedelta(days=self.rng.randint(1, 10))
        return {
            "id": f"C-{index}-{n}",
            "awardID": f"A-{index}-{n}",
            "status": "active",
            "value": {"amount": amount, "currency": "KZT"},
            "dateSigned": _iso(signed),
            "period": {"startDate": _iso(signed), "endDate": _iso(signed + timedelta(days=180))},
        }


def releases(count: int, seed: int = 1, threshold: float = 10_000_000.0) -> Iterator[dict[str, Any]]:
    """Yield ``count`` compiled releases, the same ones for the same seed."""
    buyers = max(10, min(2000, count // 100))
    suppliers = max(50, min(30000, count // 10))
    factory = ReleaseFactory(seed=seed, buyers=buyers, suppliers=suppliers, threshold=threshold)
    for index in range(count):
        yield factory.release(index)


def write_jsonl(path: Path, count: int, seed: int = 1, progress: bool = False) -> Path:
    """Write ``count`` releases to ``path`` as JSON lines, through a temporary file."""
    from tqdm import tqdm

    tmp = path.with_suffix(path.suffix + ".part")
    path.parent.mkdir(parents=True, exist_ok=True)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with tmp.open("w", encoding="utf-8") as out:
        for release in tqdm(releases(count, seed), total=count, disable=not progress, unit="release"):
            out.write(dumps(release))
            out.write("\n")
    tmp.replace(path)
    return path
