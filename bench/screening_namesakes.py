"""Namesakes: does screening tell a person from a namesake with another patronymic? (issue 12)

    .venv/bin/python -m bench screening_namesakes      (make bench-screening-quality runs it with the quality figures)

Synthetic entities only (no real people): each is known by a full Cyrillic name and a
passport-style Latin alias without patronymic, as lists and the register write them
(``Касымов Талгат Талгатович`` / ``KASSYMOV Talgat``).  For every entity two queries
are made, each in a script and form drawn at random (Russian or Kazakh Cyrillic,
passport Latin, Kazakh ``-ұлы``/``-қызы`` or Russian ``-ович``/``-овна`` patronymic,
surname first or last):

* a **true** query: the same person, with the same father's name;
* a **namesake** query: the same surname and given name with another father's name.

Both go through ``engine.ListIndex.screen``, the path of ``adaldyq screen``, the API,
the staff page, supplier ties and partner screening, at the default threshold.
Reported: the true-match rate (the entity is a match for its true query; target
>= 95%) and the namesake false-match rate (the entity is a match for its namesake
query; target <= 2%), and, for comparison, the same rates from the best alias alone
(the rule before issue 12).  Three sets with different seeds; median and range.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic_names import KAZAKH_TO_RUSSIAN, NameGenerator, passport_latin  # noqa: E402
from bench.util import RUNS, Headline, Recording, spread, write_result  # noqa: E402

ENTITIES = 2000
SEEDS = (12, 2026, 31415)[:max(3, RUNS)]


def _patronymic(father: str, female: bool, kazakh: bool) -> str:
    if kazakh:
        return father + ("қызы" if female else "ұлы")
    stem = father.translate(KAZAKH_TO_RUSSIAN)
    vowel_end = stem.endswith(("й", "а", "е", "и", "ы"))
    stem = stem[:-1] if stem.endswith("й") else stem
    if vowel_end:
        return stem + ("евна" if female else "евич")
    return stem + ("овна" if female else "ович")


def _written(rng: random.Random, surname: str, given: str, patronymic: str) -> str:
    """One way a query may write a person: script, letters and word order at random."""
    form = rng.randrange(5)
    if form == 0:  # Russian letters
        return " ".join(w.translate(KAZAKH_TO_RUSSIAN) for w in (surname, given, patronymic))
    if form == 1:  # passport Latin, surname in capitals
        return f"{passport_latin(surname).upper()} {passport_latin(given)} {passport_latin(patronymic)}"
    if form == 2:  # Latin, given name first
        return f"{passport_latin(given)} {passport_latin(patronymic)} {passport_latin(surname)}"
    if form == 3:  # given name, patronymic, surname in Cyrillic
        return f"{given} {patronymic} {surname}"
    return f"{surname} {given} {patronymic}"


def make_set(seed: int, count: int = ENTITIES) -> list[dict[str, Any]]:
    """Entities with a true and a namesake query each."""
    gen = NameGenerator(seed)
    rng = random.Random(seed + 1)
    cases = []
    for n in range(count):
        surname, given, _ = gen.person()
        female = surname.endswith("а") and not surname.endswith(("ко", "ли"))
        father, other = rng.sample(gen.male, 2)
        while other[:3] == father[:3]:
            other = rng.choice(gen.male)
        full = f"{surname} {given} {_patronymic(father, female, rng.random() < 0.5)}"
        alias = f"{passport_latin(surname).upper()} {passport_latin(given)}"
        cases.append({
            "id": f"e{n}", "names": (full, alias),
            "true": _written(rng, surname, given, _patronymic(father, female, rng.random() < 0.5)),
            "namesake": _written(rng, surname, given, _patronymic(other, female, rng.random() < 0.5)),
        })
    return cases


def evaluate(cases: list[dict[str, Any]]) -> dict[str, Any]:
    from adaldyq.screening.engine import IndexedEntry, ListIndex
    from adaldyq.screening.matching import MATCH_THRESHOLD
    from adaldyq.screening.queries import PERSON, Query

    index = ListIndex("namesakes", [IndexedEntry(c["id"], PERSON, c["names"][0], c["names"]) for c in cases])
    outcome: dict[str, Any] = {"entities": len(cases)}
    for kind in ("true", "namesake"):
        queries = [Query(c["id"], c[kind]) for c in cases]
        entity = {(r.query_id, r.match_id) for r in index.screen(queries, MATCH_THRESHOLD, include_review=False)}
        alias = set()
        for query in queries:  # the best alias alone, as before the entity-level rules
            for hit in index.persons.search(_person(query), explain=False):
                if hit.score >= MATCH_THRESHOLD:
                    alias.add((query.id, index.entries[index._spellings[int(hit.entry_id)][0]].entry_id))
        matched = [c for c in cases if (c["id"], c["id"]) in entity]
        outcome[kind] = {
            "queries": len(cases),
            "matched": len(matched),
            "rate": round(len(matched) / len(cases), 4),
            "rate_best_alias_alone": round(sum((c["id"], c["id"]) in alias for c in cases) / len(cases), 4),
            "examples": [f"{c[kind]} | {c['names'][0]}" for c in cases if (c in matched) == (kind == "namesake")][:5],
        }
    return outcome


def _person(query: Any) -> Any:
    from adaldyq.screening.matching.bulk import Person

    return Person(query.id, query.name)


def main() -> None:
    recording = Recording()
    runs = [evaluate(make_set(seed)) for seed in SEEDS]
    true_rate = spread([r["true"]["rate"] * 100 for r in runs], 2)
    false_rate = spread([r["namesake"]["rate"] * 100 for r in runs], 2)
    before = spread([r["namesake"]["rate_best_alias_alone"] * 100 for r in runs], 2)
    for seed, r in zip(SEEDS, runs, strict=True):
        print(f"[screening_namesakes] seed {seed}: true match {r['true']['rate']:.2%}, namesake false match "
              f"{r['namesake']['rate']:.2%} (best alias alone {r['namesake']['rate_best_alias_alone']:.2%})")
    headline = [
        Headline("Screening namesakes (other patronymic, alias without one): false matches", "≤ 2%",
                 f"{false_rate['median']}% ({false_rate['min']}–{false_rate['max']}); "
                 f"best alias alone {before['median']}%", false_rate["max"] <= 2),
        Headline("Screening namesakes: true matches (same person, any script)", "≥ 95%",
                 f"{true_rate['median']}% ({true_rate['min']}–{true_rate['max']})", true_rate["min"] >= 95),
    ]
    write_result(
        "screening_namesakes", recording,
        timed_what="nothing timed: match rates of engine.ListIndex.screen at the default threshold",
        data=f"{len(SEEDS)} generated sets (seeds {', '.join(map(str, SEEDS))}) of {ENTITIES} synthetic entities "
             "(bench/synthetic_names.py), each a Cyrillic full name plus a Latin alias without patronymic, "
             "with one true and one namesake query each",
        results={"seeds": list(SEEDS), "true_match_percent": true_rate, "namesake_false_match_percent": false_rate,
                 "namesake_false_match_percent_best_alias_alone": before, "runs": runs},
        headline=headline,
    )


if __name__ == "__main__":
    main()
