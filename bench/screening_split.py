"""The frozen split of the Kazakh development pairs: a part nobody reads while writing rules.

Review found that the earlier "held-out third" (``bench/screening.py``) was studied
while rules were written, so it is no evidence. This split replaces it from the
commit that introduced it on: a person is frozen when
``sha256(SEED + person id) mod 3 == 0``, and a pair is frozen when **any** person
it names is frozen, so the studied part never holds a frozen person's spelling.
Rule writers read only the development part; of the frozen part only aggregate
figures are computed (``bench/screening_quality.py``). ``FROZEN_CHECKSUM`` in
``tests/screening/test_frozen_split.py`` fails if the data or the split changes.
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

DEV_PAIRS = Path(__file__).resolve().parents[1] / "data" / "screening" / "kz_name_pairs_dev.tsv"
SEED = "adaldyq-frozen-split-2026-11"
FROZEN_MODULUS = 3

# Positive rows name their person as "person=wd:Q…"; negative rows name both persons
# in braces, "{wd:Q…}", one per side.
_PERSON_RE = re.compile(r"person=([^\s;\"]+)")
_BRACED_RE = re.compile(r"\{([^}]+)\}")

Row = dict[str, str]


def person_ids(source: str) -> tuple[str, ...]:
    """The ids of the persons a pair's `source` column names (one or two)."""
    found = _PERSON_RE.findall(source) or _BRACED_RE.findall(source)
    if not found:
        raise ValueError(f"a pair without a person id: source {source!r}")
    return tuple(found)


def is_frozen_person(person: str) -> bool:
    digest = hashlib.sha256(f"{SEED}{person}".encode()).hexdigest()
    return int(digest, 16) % FROZEN_MODULUS == 0


def is_frozen(row: Row) -> bool:
    return any(is_frozen_person(p) for p in person_ids(row["source"]))


def read_pairs(path: Path = DEV_PAIRS) -> list[Row]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def split(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """(development part, frozen part), each in file order."""
    development = [r for r in rows if not is_frozen(r)]
    frozen = [r for r in rows if is_frozen(r)]
    return development, frozen


def fingerprint(rows: list[Row]) -> str:
    """sha256 of the rows' a, b and label, in order: changes when the part changes."""
    text = "\n".join(f"{r['a']}\t{r['b']}\t{r['label']}" for r in rows)
    return hashlib.sha256(text.encode()).hexdigest()
