"""The register in the transparency log and the change feed: nothing about entries that
were never public, a removed entry's identifying fields withdrawn, personal parts
behind salted commitments served only while the entry is public."""

from __future__ import annotations

import base64
import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from adaldyq.core.models import HistoryEvent
from adaldyq.register.feed import RECORD_COLUMNS
from adaldyq.register.models import Conviction
from adaldyq.tlog import merkle, note, tiles
from adaldyq.tlog.checkpoint import Checkpoint
from adaldyq.tlog.entry import commitment, unbundle
from tests.register.test_scenario import EVENTS, NEVER, PUBLIC, REMOVED, ROWS

Imported = dict[str, Conviction]


@pytest.fixture
def imported(db: Any, tmp_path: Path) -> Imported:
    """The register scenario's feed (one entry per publication rule), imported by the real commands."""
    feed = tmp_path / "feed.csv"
    columns = list(dict.fromkeys([*RECORD_COLUMNS, *(k for r in ROWS for k in r)]))
    with feed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(ROWS)
    events = tmp_path / "events.csv"
    with events.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["record_id", "event", "date", "document"], *EVENTS])
    call_command("register", "import", str(feed))
    call_command("register", "import-events", str(events))
    return {c.record_id: c for c in Conviction.objects.select_related("person")}


def _leaves(client: Client) -> list[dict[str, Any]]:
    size = Checkpoint.parse(note.split_note(client.get("/log/checkpoint").content.decode())[0]).size
    found = []
    for number, width in tiles.tiles_of(size, 0):
        found += [json.loads(e) for e in unbundle(client.get(f"/log/{tiles.tile_path(tiles.ENTRIES, number, width)}").content)]
    return found


def _secrets(conviction: Conviction) -> list[str]:
    """What would point at this entry: its case number, record id, names, and the
    unsalted digests the old feed published."""
    person = conviction.person
    digests = [e.private_digest for e in HistoryEvent.objects.filter(subject_id=str(conviction.pk), stream="register")]
    record_digest = hashlib.sha256(json.dumps({"record_id": conviction.record_id}, separators=(",", ":")).encode())
    return [conviction.case_number, conviction.record_id, person.surname, person.iin or "", *digests,
            record_digest.hexdigest()]


def test_change_feed_shows_nothing_of_never_public_entries(log_key: Any, imported: Imported, client: Client) -> None:
    body = client.get("/api/v1/register/changes?since=0").content.decode()
    feed = json.loads(body)["results"]
    ids = {c["entry_id"] for c in feed}
    # expunged by time: off the register already, its removal is written by the daily job
    assert ids == {imported[r].pk for r in PUBLIC | REMOVED - {"R-EXPUNGED-TIME"}}
    call_command("register", "expire")
    body = client.get("/api/v1/register/changes?since=0").content.decode()
    feed = json.loads(body)["results"]
    assert {c["entry_id"] for c in feed} == {imported[r].pk for r in PUBLIC | REMOVED}
    for record_id in NEVER:
        for secret in _secrets(imported[record_id]):
            assert secret not in body, secret
    assert "private_digest" not in body and '"hash"' not in body
    for record_id in REMOVED:
        changes = [c for c in feed if c["entry_id"] == imported[record_id].pk]
        assert changes and all(c["withdrawn"] and c["document"] is None and c["personal_url"] is None for c in changes)
        assert {c["event"] for c in changes} <= {"acquitted", "retrial", "expunged", "record_removed_by_court", "rectified"}
        assert imported[record_id].case_number not in body
    public = [c for c in feed if c["entry_id"] == imported["R-PUBLIC"].pk]
    assert public[0]["document"] == "CASE-R-PUBLIC" and not public[0]["withdrawn"]


def test_log_leaves_hold_no_personal_data(log_key: Any, imported: Imported, client: Client) -> None:
    leaves = _leaves(client)
    register = [leaf for leaf in leaves if leaf["stream"] == "register"]
    assert len(register) == HistoryEvent.objects.filter(stream="register").count() > 0
    assert all(set(leaf) == {"stream", "seq", "subject_type", "action", "recorded_at", "personal"} for leaf in register)
    text = json.dumps(leaves, ensure_ascii=False)
    for conviction in imported.values():
        for secret in _secrets(conviction):
            assert secret not in text, secret


def test_personal_parts_are_served_only_while_public(log_key: Any, imported: Imported, client: Client,
                                                     tmp_path: Path) -> None:
    leaves = _leaves(client)
    served = {}
    for index, leaf in enumerate(leaves):
        if leaf["personal"] is None:
            continue
        response = client.get(f"/api/v1/log/personal/{index}")
        if response.status_code == 200:
            part = response.json()
            assert commitment(base64.b64decode(part["salt"]), part["data"]) == leaf["personal"]
            assert len(base64.b64decode(part["salt"])) >= 16
            served[part["data"]["entry_id"]] = index
        else:
            assert response.status_code == 410 and response["Cache-Control"] == "no-cache"
    assert set(served) == {imported[r].pk for r in PUBLIC}
    batch = client.get("/api/v1/log/personal?start=0&end=256").json()
    assert {p["index"] for p in batch["parts"]} == {i for i in served.values() if i < 256}

    # the public entry is acquitted: its personal parts are withdrawn, its leaves stay
    events = tmp_path / "acquittal.csv"
    with events.open("w", newline="") as handle:
        csv.writer(handle).writerows([["record_id", "event", "date", "document"],
                                      ["R-PUBLIC", "acquitted", "2024-05-01", "Appeal ruling 9"]])
    call_command("register", "import-events", str(events))
    index = served[imported["R-PUBLIC"].pk]
    assert client.get(f"/api/v1/log/personal/{index}").status_code == 410
    assert _leaves(client)[index] == leaves[index]
    feed = client.get("/api/v1/register/changes").json()["results"]
    mine = [c for c in feed if c["entry_id"] == imported["R-PUBLIC"].pk]
    assert [c["event"] for c in mine] == ["acquitted"] and mine[0]["document"] is None
    assert "CASE-R-PUBLIC" not in json.dumps(feed)


def test_entry_page_and_twin_show_each_event_in_the_log(log_key: Any, imported: Imported, client: Client) -> None:
    pk = imported["R-PUBLIC"].pk
    api = client.get(f"/api/v1/register/{pk}").json()
    assert [ref["event"] for ref in api["log"]] == ["recorded"]
    ref = api["log"][0]
    html = client.get(f"/en/register/{pk}/").content.decode()
    assert ref["proof_url"].replace("&", "&amp;") in html and "transparency log" in html
    checkpoint = Checkpoint.parse(note.open_note(client.get("/log/checkpoint").content.decode(),
                                                 [log_key.verifier])[0])
    proof = client.get(ref["proof_url"]).json()
    entry = client.get(ref["entry_url"]).json()
    merkle.verify_inclusion(ref["index"], checkpoint.size, base64.b64decode(entry["leaf_hash"]),
                            [base64.b64decode(h) for h in proof["hashes"]], root=checkpoint.root)
    part = client.get(ref["personal_url"]).json()
    assert part["data"]["entry_id"] == pk and part["data"]["document"] == "CASE-R-PUBLIC"
    assert commitment(base64.b64decode(part["salt"]), part["data"]) == entry["entry"]["personal"]
