"""``adaldyq-cardinal`` prints what Cardinal's ``indicators`` and ``coverage`` print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adaldyq.procurement import cardinal_cli, cli
from adaldyq.procurement.cardinal_cli import run_indicators
from adaldyq.procurement.indicator_config import to_ini
from tests.procurement.support import CARDINAL_FIXTURES, OWN_FIXTURES, settings_for


def settings_file(tmp_path: Path, stem: str) -> Path:
    path = tmp_path / "settings.ini"
    path.write_text(to_ini(settings_for(stem)))
    return path


def test_indicators_prints_cardinal_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = CARDINAL_FIXTURES / "R024.jsonl"
    status = run_indicators([str(fixture), "--settings", str(settings_file(tmp_path, "R024")), "--count"])
    out, err = capsys.readouterr()
    assert status == 0
    document = json.loads(out)
    expected = json.loads(fixture.with_suffix(".expected").read_text())
    assert document == {**expected, "Meta": {"R024": {"q1": 66.6667, "q3": 100.0, "lower_fence": 16.6667}}}
    assert sorted(err.splitlines()) == ["OCID: 2", "Tenderer: 2"]


def test_no_meta_and_maps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = CARDINAL_FIXTURES / "R038.jsonl"
    run_indicators([str(fixture), "-s", str(settings_file(tmp_path, "R038")), "--no-meta", "--map"])
    document = json.loads(capsys.readouterr().out)
    assert "Meta" not in document
    maps = document["Maps"]
    assert set(maps) == {"ocid_tenderer", "ocid_buyer_r038", "ocid_procuringentity_r038", "ocid_tenderer_r024",
                         "ocid_tenderer_r028", "ocid_tenderer_r030", "ocid_tenderer_r035", "ocid_tenderer_r058"}
    assert maps["ocid_buyer_r038"] == {"0": "B"}
    assert maps["ocid_procuringentity_r038"] == {"0": "P"}
    assert sorted(maps["ocid_tenderer"]["0"]) == ["D", "W1"]


def test_no_settings_runs_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_indicators([str(CARDINAL_FIXTURES / "R024.jsonl")]) == 0
    assert capsys.readouterr().out.strip() == '{"Meta":{}}'


def test_bad_settings_give_one_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.ini"
    path.write_text("[R024]\nthreshhold = 1\n")
    assert run_indicators([str(CARDINAL_FIXTURES / "R024.jsonl"), "-s", str(path)]) == 2
    assert capsys.readouterr().err.strip() == "error: [R024] unknown key 'threshhold'"


def test_rejecting_a_malformed_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"ocid": "a"}\nnot json\n')
    assert run_indicators([str(path), "--malformed", "reject"]) == 2
    assert "bad.jsonl:2: malformed line" in capsys.readouterr().err


def test_skipping_a_malformed_line_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"ocid": "a"}\nnot json\n')
    assert run_indicators([str(path)]) == 0
    assert "bad.jsonl:2: skipped malformed line" in capsys.readouterr().err


def test_coverage_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = CARDINAL_FIXTURES / "R003.jsonl"
    run_indicators([str(fixture), "-s", str(settings_file(tmp_path, "R003")), "--coverage"])
    coverage = json.loads(capsys.readouterr().out)["Coverage"]
    assert coverage["releases"] == 8
    assert coverage["indicators"]["R003"] == {
        "computable": 6,
        "missing": {"tender/tenderPeriod/startDate": 1, "tender/tenderPeriod/endDate": 1},
    }


def test_risk_and_generate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo.jsonl"
    assert cli.run_generate([str(out), "--count", "500", "--seed", "3"]) == 0
    assert cli.run_risk([ str(out), "--split-threshold", "10000000", "--top", "3", "--no-progress"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["processes_scored"] > 0
    top = summary["top_buyers"][0]
    assert abs(sum(top["contributions"].values()) - top["score"]) < 1e-12


def test_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cardinal_cli.main(["frobnicate"]) == 2
    assert "usage: adaldyq-cardinal" in capsys.readouterr().err


@pytest.mark.parametrize("path", [*sorted(CARDINAL_FIXTURES.glob("R*.jsonl")), OWN_FIXTURES / "coverage-edges.jsonl"],
                         ids=lambda p: p.stem)
def test_coverage_counts_what_cardinal_counts(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Cardinal's own ``coverage`` (its Rust code, from PyPI) is the oracle."""
    ocdscardinal = pytest.importorskip("ocdscardinal")
    assert cardinal_cli.main(["coverage", str(path)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == dict(ocdscardinal.coverage(str(path)))
    if path.stem == "coverage-edges":
        assert err.count("skipped malformed line") == 2


def test_details_show_the_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = OWN_FIXTURES / "R055-threshold-100.jsonl"
    run_indicators([str(fixture), "-s", str(settings_file(tmp_path, fixture.stem)), "--details", "--no-meta"])
    document = json.loads(capsys.readouterr().out)
    assert document["Details"]["R055"]["series"][0]["ocids"] == ["F1", "F2"]
    assert "Details" not in json.loads(_run_plain(fixture, tmp_path, capsys))


def _run_plain(fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    run_indicators([str(fixture), "-s", str(settings_file(tmp_path, fixture.stem))])
    return capsys.readouterr().out
