"""The Criminal Code catalogue: loading the seed file and finding the version in force."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

SEED_FILE = Path(__file__).with_name("data") / "articles.csv"


@dataclass(frozen=True, kw_only=True)
class CatalogueRow:
    code: str
    article: str
    part: int | None
    item: int | None
    gravity: str
    is_corruption: bool
    bribery_form: str
    effective_from: dt.date
    effective_to: dt.date | None
    title_kk: str
    title_ru: str
    title_en: str
    note: str


def read_seed(path: Path = SEED_FILE) -> list[CatalogueRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            CatalogueRow(
                code=r["code"], article=r["article"], part=int(r["part"]) if r["part"] else None,
                item=int(r["item"]) if r["item"] else None, gravity=r["gravity"],
                is_corruption=r["is_corruption"] == "yes", bribery_form=r["bribery_form"],
                effective_from=dt.date.fromisoformat(r["effective_from"]),
                effective_to=dt.date.fromisoformat(r["effective_to"]) if r["effective_to"] else None,
                title_kk=r["title_kk"], title_ru=r["title_ru"], title_en=r["title_en"], note=r["note"],
            )
            for r in csv.DictReader(handle)
        ]


class Catalogue:
    """Article versions by code, answering "which version was in force on this day"."""

    def __init__(self, versions: list[tuple[str, dt.date, dt.date | None, int]]) -> None:
        self._by_code: dict[str, list[tuple[dt.date, dt.date | None, int]]] = {}
        for code, start, end, pk in versions:
            self._by_code.setdefault(code, []).append((start, end, pk))
        for rows in self._by_code.values():
            rows.sort()

    @classmethod
    def from_db(cls) -> Catalogue:
        from adaldyq.register.models import Article

        return cls(list(Article.objects.values_list("code", "effective_from", "effective_to", "pk")))

    def knows(self, code: str) -> bool:
        return code in self._by_code

    def in_force(self, code: str, day: dt.date) -> int | None:
        """Primary key of the version of `code` in force on `day`, else None."""
        for start, end, pk in reversed(self._by_code.get(code, [])):
            if start <= day and (end is None or day < end):
                return pk
        return None
