"""Synthetic register data: names built from common Kazakh given names, surnames and
patronymics in Kazakh and Russian spellings. No real person; every run with the same
seed gives the same data."""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from pathlib import Path

from adaldyq.core.languages import LANGS
from adaldyq.core.regions import REGIONS
from adaldyq.names.iin import validate_iin
from adaldyq.register import imports
from adaldyq.register.models import Conviction

# (Kazakh spelling, Russian spelling, Latin spelling)
SURNAMES_M = [
    ("Әбілов", "Абилов", "Abilov"), ("Байжанов", "Байжанов", "Baizhanov"), ("Жақсыбеков", "Жаксыбеков", "Zhaksybekov"),
    ("Қасымов", "Касымов", "Kassymov"), ("Нұрланов", "Нурланов", "Nurlanov"), ("Омаров", "Омаров", "Omarov"),
    ("Сейітов", "Сеитов", "Seitov"), ("Төлеуов", "Тулеуов", "Tuleuov"), ("Ысқақов", "Искаков", "Iskakov"),
    ("Есенғалиев", "Есенгалиев", "Yessengaliyev"), ("Мұхамедов", "Мухамедов", "Mukhamedov"),
    ("Серікбаев", "Серикбаев", "Serikbayev"), ("Құдайбергенов", "Кудайбергенов", "Kudaibergenov"),
    ("Әміров", "Амиров", "Amirov"), ("Бекмұхамбетов", "Бекмухамбетов", "Bekmukhambetov"),
    ("Жұмабаев", "Жумабаев", "Zhumabayev"), ("Ермеков", "Ермеков", "Yermekov"), ("Рахымжанов", "Рахимжанов", "Rakhimzhanov"),
]
GIVEN_M = [
    ("Асқар", "Аскар", "Askar"), ("Бауыржан", "Бауыржан", "Bauyrzhan"), ("Ерлан", "Ерлан", "Yerlan"),
    ("Нұрлан", "Нурлан", "Nurlan"), ("Серік", "Серик", "Serik"), ("Дәурен", "Даурен", "Dauren"),
    ("Ғалым", "Галым", "Galym"), ("Талғат", "Талгат", "Talgat"), ("Қайрат", "Кайрат", "Kairat"),
    ("Мұрат", "Мурат", "Murat"), ("Ержан", "Ержан", "Yerzhan"), ("Арман", "Арман", "Arman"),
]
GIVEN_F = [
    ("Әсем", "Асем", "Assem"), ("Гүлнар", "Гульнар", "Gulnar"), ("Айгүл", "Айгуль", "Aigul"),
    ("Сәуле", "Сауле", "Saule"), ("Мәдина", "Мадина", "Madina"), ("Жанар", "Жанар", "Zhanar"),
]
FATHERS = [
    ("Бақыт", "Бакыт", "Bakyt"), ("Қанат", "Канат", "Kanat"), ("Болат", "Болат", "Bolat"), ("Марат", "Марат", "Marat"),
    ("Серік", "Серик", "Serik"), ("Ержан", "Ержан", "Yerzhan"), ("Талғат", "Талгат", "Talgat"), ("Нұрлан", "Нурлан", "Nurlan"),
]
# Synthetic positions and organizations, each in (kk, ru, en).
POSITIONS = [
    (("ауылдық округ әкімі", "аким сельского округа", "akim of a rural district"),
     ("Ауылдық округ әкімінің аппараты", "Аппарат акима сельского округа", "Office of the rural district akim")),
    (("мемлекеттік кірістер басқармасының басшысы", "руководитель управления государственных доходов",
      "head of the state revenue office"),
     ("Мемлекеттік кірістер департаменті", "Департамент государственных доходов", "State Revenue Department")),
    (("жер қатынастары бөлімі басшысының орынбасары", "заместитель руководителя отдела земельных отношений",
      "deputy head of the land relations unit"),
     ("Аудандық жер қатынастары бөлімі", "Отдел земельных отношений района", "District land relations unit")),
    (("мемлекеттік сатып алу бөлімінің бас маманы", "главный специалист отдела государственных закупок",
      "chief specialist of the public procurement unit"),
     ("Облыстық денсаулық сақтау басқармасы", "Управление здравоохранения области", "Regional health department")),
    (("әкімшілік полиция бөлімінің бастығы", "начальник отдела административной полиции",
      "head of the administrative police unit"),
     ("Облыстық полиция департаменті", "Департамент полиции области", "Regional police department")),
    (("МКК директоры", "директор ГКП", "director of a state utility enterprise"),
     ("«Су арнасы» МКК", "ГКП «Су арнасы»", "Su Arnasy state utility enterprise")),
    (("аудан әкімінің орынбасары", "заместитель акима района", "deputy akim of a district"),
     ("Аудан әкімінің аппараты", "Аппарат акима района", "Office of the district akim")),
    (("кеден бекетінің инспекторы", "инспектор таможенного поста", "customs post inspector"),
     ("Кеден бекеті", "Таможенный пост", "Customs post")),
    (("білім басқармасының басшысы", "руководитель управления образования", "head of the education department"),
     ("Облыстық білім басқармасы", "Управление образования области", "Regional education department")),
    (("басқарма төрағасы", "председатель правления", "chairman of the management board"),
     ("«Жетісу» ӘКК", "СПК «Жетысу»", "Zhetysu social-entrepreneurship corporation")),
]
ARTICLES = ["366-2", "366-3", "366-4", "367-3", "367-4", "368-2", "189-3-2", "189-4", "361-2", "361-4", "362-4-3", "218-3-1"]
MINOR = ["367-1", "369-1", "370-1", "188-1"]


def synthetic_iin(birth: dt.date, female: bool, serial: int) -> str:
    """A checksum-valid IIN for a synthetic person (serials 9000+ are never issued here)."""
    century = {18: 1, 19: 3, 20: 5}[birth.year // 100] + (1 if female else 0)
    for bump in range(50):
        base = f"{birth:%y%m%d}{century}{9000 + (serial * 7 + bump) % 1000:04d}"
        for check in "0123456789":
            if validate_iin(base + check):
                return base + check
    raise ValueError("no valid IIN found")


def _female(name: tuple[str, str, str]) -> tuple[str, str, str]:
    kk, ru, lat = name
    return (kk[:-2] + "ва" if kk.endswith("ов") or kk.endswith("ев") else kk + "а",
            ru + "а", lat + "a")


def _patronymic(father: tuple[str, str, str], female: bool) -> tuple[str, str, str]:
    kk, ru, lat = father
    if female:
        return kk + "қызы", ru + ("овна" if ru[-1] not in "аеиоуыэюя" else "евна"), lat + "qyzy"
    return kk + "ұлы", ru + "ович", lat + "uly"


def generate(seed: int, count: int, today: dt.date) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    regions = list(REGIONS)
    for n in range(count):
        female = rng.random() < 0.18
        surname = rng.choice(SURNAMES_M)
        surname = (surname[0] + "а", surname[1] + "а", surname[2] + "a") if female else surname
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        patronymic = _patronymic(rng.choice(FATHERS), female)
        birth = dt.date(rng.randint(1960, 1992), rng.randint(1, 12), rng.randint(1, 28))
        verdict = today - dt.timedelta(days=rng.randint(20, 365 * 9))
        roll = rng.random()
        legal_effect = "" if roll < 0.06 else (verdict + dt.timedelta(days=rng.randint(16, 120))).isoformat()
        punishment = rng.choices(["imprisonment", "restriction_of_liberty", "fine", "suspended"], [6, 2, 3, 1])[0]
        months = rng.choice([12, 24, 36, 48, 60, 84, 96, 120])
        sentence_end = verdict + dt.timedelta(days=months * 30) if punishment != "fine" else verdict + dt.timedelta(days=60)
        position, organization = rng.choice(POSITIONS)
        articles = [rng.choice(MINOR)] if rng.random() < 0.08 else [rng.choice(ARTICLES)]
        rows.append({
            "record_id": f"DEMO-{seed}-{n:05d}", "iin": synthetic_iin(birth, female, n), "surname": surname[1],
            "given_name": given[1], "patronymic": patronymic[1], "birth_date": birth.isoformat(),
            **{f"position_{code}": text for code, text in zip(LANGS, position, strict=True)},
            **{f"organization_{code}": text for code, text in zip(LANGS, organization, strict=True)},
            "region": rng.choice(regions),
            "court": "Специализированный межрайонный суд по уголовным делам", "case_number": f"{rng.randint(1, 99):02d}1{verdict.year % 100:02d}-{rng.randint(100, 9999)}",
            "verdict_date": verdict.isoformat(), "legal_effect_date": legal_effect, "articles": ";".join(articles),
            "gravity": "", "punishment": punishment, "punishment_term_months": str(months) if punishment != "fine" else "",
            "lifetime_ban": "yes", "sentence_end_date": sentence_end.isoformat(),
            "name_kk": f"{surname[0]} {given[0]} {patronymic[0]}", "name_ru": f"{surname[1]} {given[1]} {patronymic[1]}",
            "name_latin": f"{surname[2].upper()} {given[2]}",
        })
    return rows


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def load(seed: int = 2026, count: int = 400) -> str:
    today = dt.date.today()
    rows = generate(seed, count, today)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-register.csv"
        write_csv(rows, path)
        report = imports.import_records(path)
        events = Path(tmp) / "demo-events.csv"
        with events.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["record_id", "event", "date", "document"])
            for row in rows[:: 37]:
                if row["legal_effect_date"]:
                    writer.writerow([row["record_id"], "acquitted", (today - dt.timedelta(days=10)).isoformat(), "Appeal ruling (synthetic)"])
        imports.import_events(events)
    public = Conviction.objects.public().count()
    return f"{report.created} convictions, {public} on the public register today"
