"""Reading input: malformed lines, unexpected shapes, line endings, packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adaldyq.procurement.engine import analyse
from adaldyq.procurement.exceptions import MalformedLine
from adaldyq.procurement.indicator_config import parse_ini, to_ini
from adaldyq.procurement.ingest import detect_form
from tests.procurement.support import CARDINAL_FIXTURES, settings_for

R030 = CARDINAL_FIXTURES / "R030.jsonl"
R030_SETTINGS = parse_ini(to_ini(settings_for("R030")))
R030_EXPECTED = json.loads((CARDINAL_FIXTURES / "R030.expected").read_text())


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_malformed_lines_are_reported_with_their_numbers_and_skipped(tmp_path: Path) -> None:
    good = lines(R030)
    content = b"\n".join([good[0], b'{"ocid": "broken"', good[1], b"\xff\xfe not utf-8", *good[2:]]) + b"\n"
    analysis = analyse(write(tmp_path, "bad.jsonl", content), R030_SETTINGS, progress=False)
    assert analysis.cardinal(meta=False) == R030_EXPECTED
    assert analysis.load is not None
    assert [number for number, _ in analysis.load.malformed] == [2, 4]
    assert "not JSON" in analysis.load.malformed[0][1]
    assert "not UTF-8" in analysis.load.malformed[1][1]


def test_malformed_line_rejects_the_file_when_asked(tmp_path: Path) -> None:
    good = lines(R030)
    content = b"\n".join([good[0], good[1], b'{"ocid": "F"} trailing', *good[2:]])
    with pytest.raises(MalformedLine) as caught:
        analyse(write(tmp_path, "bad.jsonl", content), R030_SETTINGS, on_malformed="reject", progress=False)
    assert caught.value.line == 3
    assert "bad.jsonl:3" in str(caught.value)


def test_blank_lines_and_crlf_are_fine(tmp_path: Path) -> None:
    content = b"\r\n\r\n".join(lines(R030)) + b"\r\n   \n"
    analysis = analyse(write(tmp_path, "crlf.jsonl", content), R030_SETTINGS, progress=False)
    assert analysis.cardinal(meta=False) == R030_EXPECTED
    assert analysis.load is not None and analysis.load.malformed == []


def test_wrong_types_count_as_missing(tmp_path: Path) -> None:
    """A container of the wrong type switches to the shape-tolerant reader, same results."""
    odd = [
        b'{"ocid":"tender is a string","tender":"x","bids":{"details":[{"status":"valid"}]}}',
        b'{"ocid":"details is an object","bids":{"details":{"status":"valid"}},"awards":[1,"s",null]}',
        b'{"ocid":7,"tender":{"numberOfTenderers":1,"procurementMethod":"open"}}',
        b'{"ocid":"one as float","tender":{"numberOfTenderers":1.0,"procurementMethod":"open"}}',
        b'{"ocid":"one as string","tender":{"numberOfTenderers":"1","procurementMethod":"open"}}',
        b'{"ocid":"F","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}',
        b"[1, 2, 3]",
    ]
    settings = parse_ini(to_ini(settings_for("R018")) + "[R030]\n")
    analysis = analyse(write(tmp_path, "odd.jsonl", b"\n".join(odd) + b"\n"), settings, progress=False)
    assert analysis.load is not None and analysis.load.shape_tolerant
    assert analysis.cardinal(meta=False) == {"OCID": {"F": {"R018": 1.0}}}


def test_release_packages_are_compiled_first(tmp_path: Path) -> None:
    releases = []
    for raw in lines(R030):
        release = json.loads(raw)
        releases.append({**release, "id": release["ocid"] + "-1", "date": "2001-01-01T00:00:00Z", "tag": ["tender"]})
    package = {"uri": "x", "publishedDate": "2001-01-01T00:00:00Z", "version": "1.1", "releases": releases}
    path = write(tmp_path, "package.json", json.dumps(package, indent=2).encode())
    assert detect_form(path) == "release package document"
    assert analyse(path, R030_SETTINGS, progress=False).cardinal(meta=False) == R030_EXPECTED


def test_record_packages_use_compiled_release_or_merge(tmp_path: Path) -> None:
    records = []
    for n, raw in enumerate(lines(R030)):
        release = json.loads(raw)
        if n % 2:
            records.append({"ocid": release["ocid"], "compiledRelease": release})
        else:
            dated = {**release, "id": "1", "date": "2001-01-01T00:00:00Z", "tag": ["tender"]}
            records.append({"ocid": release["ocid"], "releases": [dated]})
    package_lines = b"\n".join(json.dumps({"version": "1.1", "records": [r]}).encode() for r in records)
    path = write(tmp_path, "records.jsonl", package_lines + b"\n")
    assert detect_form(path) == "record packages"
    assert analyse(path, R030_SETTINGS, progress=False).cardinal(meta=False) == R030_EXPECTED


def test_releases_of_one_process_are_merged(tmp_path: Path) -> None:
    """A later release adds the award: the compiled process is flagged as a late win."""
    first = {"ocid": "F", "id": "1", "date": "2000-03-01T00:00:00Z", "tag": ["tender"],
             "tender": {"tenderPeriod": {"endDate": "2000-03-15T00:00:00Z"}},
             "bids": {"details": [{"id": "b", "status": "valid", "date": "2000-04-01T00:00:00Z",
                                   "tenderers": [{"id": "W"}]}]}}
    second = {"ocid": "F", "id": "2", "date": "2000-05-01T00:00:00Z", "tag": ["award"],
              "awards": [{"id": "a", "status": "active", "suppliers": [{"id": "W"}]}]}
    content = b"\n".join(json.dumps({"releases": [r]}).encode() for r in (second, first)) + b"\n"
    analysis = analyse(write(tmp_path, "releases.jsonl", content), R030_SETTINGS, progress=False)
    assert analysis.cardinal(meta=False) == {"OCID": {"F": {"R030": 1.0}}, "Tenderer": {"W": {"R030": 1.0}}}
