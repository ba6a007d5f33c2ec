"""The README's benchmark table is generated from the committed result files, and the
harness's percentile is the one its docstring defines."""

from __future__ import annotations

import json

import pytest
from bench import report, util

REQUIRED = {"part", "date", "commit", "machine", "load_average", "timed", "data", "method", "headline", "results"}


def test_the_readme_table_is_what_the_committed_results_give() -> None:
    readme = report.README.read_text(encoding="utf-8")
    assert readme == report.render(readme, report.load_results()), "run `make bench-report`"


@pytest.mark.parametrize("path", sorted(util.RESULTS.glob("*.json")), ids=lambda p: p.stem)
def test_every_result_file_says_what_was_timed_where_and_how_busy_the_machine_was(path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document.keys() >= REQUIRED, REQUIRED - document.keys()
    assert document["part"] == path.stem
    assert document["machine"]["cores"] and document["machine"]["memory_gib"]
    assert {"before", "after"} <= document["load_average"].keys()
    assert document["commit"]["sha"]
    assert document["timed"].strip() and document["data"].strip()
    for row in document["headline"]:
        assert row["what"] and row["target"] and row["measured"], row


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert util.percentile(values, 50) == 50.0
    assert util.percentile(values, 99) == 99.0
    assert util.percentile(values, 100) == 100.0
    assert util.percentile([5.0, 1.0, 3.0], 50) == 3.0
    assert util.percentile([7.0], 99) == 7.0
    # Never an interpolated value: always one that was measured.
    assert util.percentile([1.0, 10.0], 75) == 10.0
    with pytest.raises(ValueError):
        util.percentile([], 50)


def test_a_changed_number_is_caught(tmp_path) -> None:
    readme = report.README.read_text(encoding="utf-8")
    fake = [{"part": "x", "date": "2026-01-01", "load_average": {"before": {"1min": 0.1}, "after": {"1min": 0.2}},
             "headline": [{"what": "w", "target": "< 1 s", "measured": "0.5 s", "met": True}]}]
    assert report.render(readme, fake) != readme
    assert "| w | < 1 s | 0.5 s | yes |" in report.render(readme, fake)


def test_the_machine_column_tells_apart_machines_of_one_model_name() -> None:
    """Two sessions' "Intel(R) Xeon(R) Processor" ran one benchmark far apart: results
    carry a calibration loop's time, and the README shows it beside the model."""
    xeon = {"cpu": "Intel(R) Xeon(R) Processor", "cores": 2}
    assert report._cpu({"machine": xeon}) == "Intel Xeon (2 cores)"  # older files have no calibration
    assert report._cpu({"machine": {**xeon, "calibration_ms": 151.2}}) == "Intel Xeon (2 cores, loop 151.2 ms)"
    assert util.calibration_ms() > 0
