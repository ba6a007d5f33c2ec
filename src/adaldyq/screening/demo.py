"""Synthetic screening lists: a debarment list (FollowTheMoney JSON lines) and a
sanctions-style list (CSV). No real person or company. Some entries are other
spellings of synthetic register entries, so screening the demo finds something.

Both files are written to a temporary folder and loaded through the same service
as `adaldyq lists load`, so the demo exercises the readers too.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import tempfile
from pathlib import Path

from adaldyq.names.iin import validate_bin
from adaldyq.register.demo import FATHERS, GIVEN_M, SURNAMES_M, generate, synthetic_iin
from adaldyq.screening import services

COMPANY_WORDS = [
    ("Астана", "Astana"), ("Дала", "Dala"), ("Құрылыс", "Qurylys"), ("Жол", "Zhol"), ("Сервис", "Service"),
    ("Строй", "Stroy"), ("Инвест", "Invest"), ("Транс", "Trans"), ("Алтын", "Altyn"), ("Сапа", "Sapa"),
    ("Орда", "Orda"), ("Медтех", "Medtech"), ("Агро", "Agro"), ("Нұр", "Nur"), ("Тау", "Tau"),
]
FORMS = [("ТОО", "LLP"), ("АО", "JSC"), ("ЖШС", "LLP")]


def synthetic_bin(serial: int) -> str:
    """A checksum-valid BIN (registration month + serial), for synthetic companies only."""
    for bump in range(100):
        base = f"1{serial % 10}0{(serial % 12) + 1:02d}4{(serial * 13 + bump) % 100000:05d}"[:11]
        for check in "0123456789":
            if validate_bin(base + check):
                return base + check
    raise ValueError("no valid BIN found")


def _entity(entity_id: str, schema: str, **props: list[str]) -> dict[str, object]:
    return {"id": entity_id, "schema": schema, "properties": {k: v for k, v in props.items() if v}}


def debarment_entities(seed: int, register_rows: list[dict[str, str]]) -> list[dict[str, object]]:
    rng = random.Random(seed + 1)
    entities: list[dict[str, object]] = []
    for n in range(60):
        words = rng.sample(COMPANY_WORDS, 2)
        form = rng.choice(FORMS)
        name = f"{form[0]} «{words[0][0]} {words[1][0]}»"
        alias = f"{words[0][1]} {words[1][1]} {form[1]}"
        entities.append(_entity(f"demo-debar-c{n:03d}", "Company", name=[name], alias=[alias],
                                registrationNumber=[synthetic_bin(n)], jurisdiction=["kz"]))
        entities.append(_entity(f"demo-debar-s{n:03d}", "Sanction", entity=[f"demo-debar-c{n:03d}"],
                                program=["Debarment from public procurement (synthetic)"]))
    for n, row in enumerate(register_rows[5:45:2]):
        # Directors of debarred suppliers: some are people on the demo register.
        entities.append(_entity(f"demo-debar-p{n:03d}", "Person", name=[row["name_latin"]],
                                alias=[row["name_ru"]], birthDate=[row["birth_date"]], nationality=["kz"]))
    for n in range(20):
        surname, given, father = rng.choice(SURNAMES_M), rng.choice(GIVEN_M), rng.choice(FATHERS)
        entities.append(_entity(f"demo-debar-q{n:03d}", "Person",
                                name=[f"{given[2]} {father[2]}uly {surname[2]}"], nationality=["kz"]))
    return entities


def sanctions_rows(seed: int, register_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    rng = random.Random(seed + 2)
    rows = []
    for n, row in enumerate(register_rows[100:130:3]):
        rows.append({"id": f"demo-sanc-{n:03d}", "name": row["name_kk"], "birth_date": row["birth_date"],
                     "iin": "", "schema": "Person", "aliases": row["name_latin"], "countries": "kz"})
    for n in range(30):
        surname, given, father = rng.choice(SURNAMES_M), rng.choice(GIVEN_M), rng.choice(FATHERS)
        birth = dt.date(rng.randint(1955, 1990), rng.randint(1, 12), rng.randint(1, 28))
        rows.append({"id": f"demo-sanc-{n + 20:03d}", "name": f"{surname[1]} {given[1]} {father[1]}ович",
                     "birth_date": birth.isoformat(), "iin": synthetic_iin(birth, False, 500 + n),
                     "schema": "Person", "aliases": f"{surname[2].upper()} {given[2]}", "countries": "kz"})
    return rows


def load(seed: int = 2026) -> str:
    register_rows = generate(seed, 400, dt.date.today())  # the same synthetic people as the register demo
    summaries = []
    with tempfile.TemporaryDirectory() as tmp:
        debarment = Path(tmp) / "debarment-demo.jsonl"
        with debarment.open("w", encoding="utf-8") as handle:
            for entity in debarment_entities(seed, register_rows):
                handle.write(json.dumps(entity, ensure_ascii=False) + "\n")
        summaries.append(services.load_list("debarment-demo", debarment, replace=True, by="demo").summary())
        sanctions = Path(tmp) / "sanctions-demo.csv"
        rows = sanctions_rows(seed, register_rows)
        with sanctions.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        summaries.append(services.load_list("sanctions-demo", sanctions, replace=True, by="demo").summary())
    return "; ".join(summaries)
