"""Demo data: a few thousand synthetic compiled releases, analysed and stored as a run.

The releases come from the engine's generator (``generate.releases``). Some suppliers
get a director in ``parties/details``: most are invented names that are on no list, and
a handful are people on the demo register, in another spelling (Russian, Kazakh or
Latin), so that the supplier-tie flag fires as it would on real data. No real person
or company is described.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path
from typing import Any

from adaldyq.register.public import public_entries

from . import generate, services

RELEASES = 3000
TIED_SUPPLIERS = 6
# Invented directors, from name parts the register demo does not use.
SURNAMES = ("Сапаров", "Тоқтаров", "Ахметов", "Исабеков", "Жолдасов", "Бекенов", "Мырзахметов", "Оспанов")
GIVEN = ("Жандос", "Рустем", "Алибек", "Даулет", "Бекзат", "Нурсултан", "Олжас", "Санжар")
FATHERS = ("Әлібекұлы", "Ерболұлы", "Жомартұлы", "Қуанышұлы", "Темірұлы")


def _register_names(rng: random.Random, count: int) -> list[str]:
    people = []
    for conviction in public_entries().order_by("pk")[: count * 5]:
        person = conviction.person
        spellings = [n for n in (person.name_ru, person.name_kk, person.name_latin, person.full_name) if n.strip()]
        if spellings:
            people.append(rng.choice(spellings))
    rng.shuffle(people)
    return people[:count]


def releases_with_directors(seed: int, count: int = RELEASES) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    releases = list(generate.releases(count, seed=seed))
    suppliers = sorted({p["id"] for r in releases for p in r.get("parties", []) if "supplier" in p.get("roles", [])})
    listed = _register_names(rng, TIED_SUPPLIERS)
    chosen = rng.sample(suppliers, min(len(suppliers), len(suppliers) // 3))
    directors = {supplier: " ".join((rng.choice(SURNAMES), rng.choice(GIVEN), rng.choice(FATHERS)))
                 for supplier in chosen}
    for supplier, name in zip(chosen, listed, strict=False):
        directors[supplier] = name
    for release in releases:
        for party in release.get("parties", []):
            if party["id"] in directors:
                party["details"] = {"director": {"name": directors[party["id"]]}}
    return releases


def load(seed: int = 2026) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-procurement.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for release in releases_with_directors(seed):
                out.write(json.dumps(release, ensure_ascii=False) + "\n")
        run = services.store_run(path, options=services.Options(progress=False))
    return (f"{run.processes} procurement processes ({run.flagged_processes} with a red flag), {run.buyers} buyers, "
            f"{run.suppliers} suppliers, {run.tied_suppliers} tied to a person on the register")
