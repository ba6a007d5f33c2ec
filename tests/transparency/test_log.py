"""The log on a real database: what enters it, checkpoints, tiles, proofs, keys, triggers."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from adaldyq.core import history
from adaldyq.core.models import HistoryEvent
from adaldyq.tlog import merkle, note, tiles
from adaldyq.tlog.checkpoint import Checkpoint
from adaldyq.tlog.entry import unbundle
from adaldyq.transparency import checkpoints, keys, sequencer
from adaldyq.transparency.exceptions import KeyRefused
from adaldyq.transparency.models import Checkpoint as CheckpointRow
from adaldyq.transparency.models import LogEntry, LogPending, LogTile
from tests.transparency.conftest import ORIGIN, Append


def open_checkpoint(client: Client, *trusted: note.Verifier) -> Checkpoint:
    response = client.get("/log/checkpoint")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    body, _, _ = note.open_note(response.content.decode(), list(trusted))
    return Checkpoint.parse(body)


def test_public_streams_enter_the_log_in_commit_order(log_key: note.Signer, append: Append) -> None:
    fund = append("fund", 3)
    append("cooperation", 2, subject_type="cooperation.request")  # not public: not logged
    risks = append("risks", 2, subject_type="recommendation")
    assert LogPending.objects.count() == 5 and not LogEntry.objects.exists()  # tests never commit
    assert sequencer.integrate() == 5
    assert list(LogEntry.objects.values_list("event_id", flat=True)) == [e.pk for e in fund + risks]
    assert not LogPending.objects.exists()
    leaf = LogEntry.objects.get(index=0)
    assert leaf.salt is None and '"personal":null' in leaf.entry and "secret" not in leaf.entry


def test_the_checkpoint_covers_every_committed_event(log_key: note.Signer, append: Append, client: Client) -> None:
    assert open_checkpoint(client, log_key.verifier).size == 0
    append("fund", 7)
    first = client.get("/log/checkpoint").content
    assert Checkpoint.parse(note.split_note(first.decode())[0]).size == 7
    assert client.get("/log/checkpoint").content == first  # not signed again until the log grows
    assert CheckpointRow.objects.filter(size=7).count() == 1
    append("fund", 1)
    assert open_checkpoint(client, log_key.verifier).size == 8


def test_tiles_proofs_and_checkpoint_agree(log_key: note.Signer, append: Append, client: Client) -> None:
    append("fund", 300)
    old = open_checkpoint(client, log_key.verifier)
    append("risks", 70_000 // 100, subject_type="recommendation")
    new = open_checkpoint(client, log_key.verifier)
    assert (old.size, new.size) == (300, 1000)
    builder = merkle.RootBuilder()
    for number, width in tiles.tiles_of(new.size, 0):
        response = client.get(f"/log/{tiles.tile_path(tiles.ENTRIES, number, width)}")
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        leaves = [merkle.leaf_hash(e) for e in unbundle(response.content)]
        assert len(leaves) == width
        assert client.get(f"/log/{tiles.tile_path(0, number, width)}").content == b"".join(leaves)
        builder.extend(leaves)
    assert builder.root() == new.root
    level1 = client.get("/log/tile/1/000.p/3").content
    assert len(level1) == 96 and level1[:32] == merkle.balanced_root(
        tiles.tile_hashes(client.get("/log/tile/0/000").content))
    for index in (0, 255, 256, 299, 777, 999):
        proof = client.get(f"/api/v1/log/proof/inclusion?index={index}").json()
        assert proof["size"] == new.size and base64.b64decode(proof["root"]) == new.root
        merkle.verify_inclusion(index, new.size, base64.b64decode(proof["leaf_hash"]),
                                [base64.b64decode(h) for h in proof["hashes"]], root=new.root)
    answer = client.get(f"/api/v1/log/proof/consistency?from={old.size}&to={new.size}").json()
    merkle.verify_consistency(old.size, new.size, old.root, new.root, proof=[base64.b64decode(h) for h in answer["hashes"]])
    assert answer["from"] == old.size


@pytest.mark.parametrize(("url", "status"), [
    ("/log/tile/0/004", 404), ("/log/tile/0/000.p/200", 404), ("/log/tile/0/5", 404), ("/log/tile/entries/001", 404),
    ("/log/tile/0/000.p/10", 200), ("/log/tile/entries/000.p/10", 200),
    ("/api/v1/log/proof/inclusion?index=10&size=10", 400), ("/api/v1/log/proof/inclusion?index=0&size=11", 400),
    ("/api/v1/log/proof/inclusion?index=-1", 422), ("/api/v1/log/proof/consistency?from=5&to=3", 400),
    ("/api/v1/log/entries/10", 404), ("/api/v1/log/personal/10", 404), ("/api/v1/log/personal/3", 404),
    ("/api/v1/log/personal?start=0&end=300", 400),
    ("/api/v1/log/entries/99999999999999999999", 422), ("/api/v1/log/proof/inclusion?index=99999999999999999999", 422),
    ("/api/v1/register/changes?since=99999999999999999999", 200),
])
def test_bad_requests_get_clear_answers(log_key: note.Signer, append: Append, client: Client, url: str,
                                        status: int) -> None:
    append("fund", 10)
    response = client.get(url)
    assert response.status_code == status, response.content
    if status == 404 and url.startswith("/log/"):
        assert response["Cache-Control"] == "no-cache"


def test_without_a_key_the_log_says_so(db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       client: Client) -> None:
    monkeypatch.setenv("ADALDYQ_LOG_KEY_DIR", str(tmp_path / "none"))
    response = client.get("/log/checkpoint")
    assert response.status_code == 503 and b"adaldyq log keygen" in response.content
    assert client.get("/api/v1/log/proof/inclusion?index=0").status_code == 503


def test_key_rotation(log_key: note.Signer, append: Append, client: Client, capsys: pytest.CaptureFixture[str]
                      ) -> None:
    append("fund", 5)
    before = open_checkpoint(client, log_key.verifier)
    new_key = keys.generate()
    assert new_key.name == ORIGIN
    during = client.get("/log/checkpoint").content.decode()
    assert note.split_note(during)[0] == before.body  # same checkpoint, signed by both keys
    assert len(note.open_note(during, [log_key.verifier, new_key.verifier])[2]) == 2
    assert client.get("/log/key").content.decode() == "".join(
        f"{s.verifier.text}\n" for s in sorted([log_key, new_key], key=lambda s: s.verifier.key_id.hex()))
    call_command("log", "retire-key", log_key.verifier.key_id.hex())
    after = client.get("/log/checkpoint").content.decode()
    assert note.open_note(after, [log_key.verifier, new_key.verifier])[2] == [new_key.verifier]
    with pytest.raises(CommandError, match="only key"):
        call_command("log", "retire-key", new_key.verifier.key_id.hex())
    with pytest.raises(KeyRefused, match="another log"):
        keys.generate("elsewhere.kz/log")
    call_command("log", "key")
    assert new_key.verifier.fingerprint in capsys.readouterr().out


def _raw(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.parametrize("sql", [
    "UPDATE transparency_logentry SET entry = '{}' WHERE \"index\" = 1",
    "DELETE FROM transparency_logentry WHERE \"index\" = 1",
    "DELETE FROM transparency_logtile",
])
def test_the_database_refuses_rewrites_of_the_log(log_key: note.Signer, append: Append, sql: str) -> None:
    append("fund", 300)
    sequencer.integrate()
    with pytest.raises(DatabaseError, match="append-only|only grow"):
        _raw(sql)


def test_a_tile_may_only_grow(log_key: note.Signer, append: Append) -> None:
    append("fund", 10)
    sequencer.integrate()
    tile = LogTile.objects.get(level=0, number=0)
    data = bytes(tile.data)
    with pytest.raises(DatabaseError, match="only grow"), transaction.atomic():
        LogTile.objects.filter(pk=tile.pk).update(data=bytes(32) + data[32:])
    with pytest.raises(DatabaseError, match="only grow"), transaction.atomic():
        LogTile.objects.filter(pk=tile.pk).update(data=data[:32])
    append("fund", 1)
    sequencer.integrate()
    assert bytes(LogTile.objects.get(pk=tile.pk).data)[:len(data)] == data


def test_log_check_finds_a_rewritten_history_event(log_key: note.Signer, append: Append,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    events = append("fund", 20)
    call_command("log", "check")
    assert "20 leaves" in capsys.readouterr().out
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_historyevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER history_no_update")
        cursor.execute("UPDATE core_historyevent SET document = 'rewritten' WHERE id = %s", [events[4].pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_historyevent ENABLE TRIGGER USER")
    with pytest.raises(CommandError, match="does not match"):
        call_command("log", "check")
    assert "leaf 4: does not match history event" in capsys.readouterr().err


def test_append_stays_in_the_callers_transaction(log_key: note.Signer, db: Any) -> None:
    with pytest.raises(RuntimeError, match="boom"), transaction.atomic():
        history.append("fund", [history.NewEvent("fund.project", "1", "approve")])
        raise RuntimeError("boom")
    assert not HistoryEvent.objects.exists() and not LogPending.objects.exists()
    assert checkpoints.current().size == 0


def test_openapi_documents_the_log(db: Any, client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["/log/checkpoint", "/log/key", "/log/tile/{level}/{tile}", "/log/tile/entries/{tile}",
                 "/api/v1/log/proof/inclusion", "/api/v1/log/proof/consistency", "/api/v1/log/personal/{index}",
                 "/api/v1/log/entries/{index}"]:
        assert path in paths, path
