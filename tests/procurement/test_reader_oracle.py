"""Cardinal's Rust reader as a second oracle for ours, on generated data.

The ``ocdscardinal`` package exposes only ``coverage`` (how many lines have each field
non-empty), not the indicators. So it checks the reading: for the fields the indicators
use, our typed table must hold as many non-empty values as Cardinal counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from adaldyq.procurement.engine import Engine
from adaldyq.procurement.indicator_config import parse_ini

ocdscardinal = pytest.importorskip("ocdscardinal")

# Cardinal path -> our count over the ``releases`` table.
PATHS = {
    "": "count(*)",
    "/ocid": "count(*) FILTER (WHERE ocid <> '')",
    "/buyer/id": "count(*) FILTER (WHERE buyer_id <> '')",
    "/tender/procurementMethod": "count(*) FILTER (WHERE method <> '')",
    "/tender/procurementMethodRationale": "count(*) FILTER (WHERE rationale <> '')",
    "/tender/tenderPeriod/startDate": "count(*) FILTER (WHERE start_date <> '')",
    "/tender/numberOfTenderers": "count(number_of_tenderers)",
    "/bids/details[]/value/amount": "sum(len(list_filter(bids, lambda b: b.amount IS NOT NULL)))",
    "/bids/details[]/tenderers[]/id": "sum(list_sum(list_transform(bids, lambda b: len(list_filter(b.tenderers, lambda t: t <> '')))))",
    "/awards[]/status": "sum(len(list_filter(awards, lambda a: a.status <> '')))",
    "/awards[]/items[]/classification/id": "sum(list_sum(list_transform(awards, lambda a: len(list_filter(a.codes, lambda c: c <> '')))))",
}


def test_our_reader_counts_what_cardinal_counts(generated: Path) -> None:
    theirs = ocdscardinal.coverage(str(generated))
    with Engine(parse_ini("")) as engine:
        engine.load(generated, progress=False)
        ours = engine.ctx.one("SELECT " + ", ".join(PATHS.values()) + " FROM releases")  # noqa: S608
    for (path, _), count in zip(PATHS.items(), ours, strict=True):
        assert int(count or 0) == theirs.get(path, 0), path
