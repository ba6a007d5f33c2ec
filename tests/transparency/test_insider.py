"""An insider with database access rewrites an old event and rebuilds a log that is
consistent in itself; the agency signs it. Whoever verified before (a citizen's
`adaldyq-verify` state, a witness) refuses it."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from adaldyq.core.models import HistoryEvent
from adaldyq.tlog import note, verify, witness
from adaldyq.transparency import checkpoints, integrity, tiles_db, witnesses
from adaldyq.transparency.models import LogEntry, LogHead, LogPending
from tests.transparency.conftest import Append, ClientSite

LOG_TABLES = ["transparency_cosignature", "transparency_checkpoint", "transparency_logentry", "transparency_logtile"]


def _as_insider(*statements: tuple[str, list[Any]]) -> None:
    """Run SQL past the append-only triggers, as someone with the database's keys would."""
    with connection.cursor() as cursor:
        tables = ["core_historyevent", *LOG_TABLES]
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            for name in ("history_no_update", "history_no_delete", "log_entry_no_update", "log_entry_no_delete",
                         "log_tile_no_delete", "log_tile_grows_only"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def rewrite_and_rebuild(event: HistoryEvent) -> None:
    """Change one old event, then rebuild the whole log from the changed history."""
    _as_insider(("UPDATE core_historyevent SET public = %s WHERE id = %s", ['{"n": 10, "amount_kzt": "1.00"}', event.pk]),
                *[(f"DELETE FROM {table}", []) for table in LOG_TABLES])  # noqa: S608 - fixed names
    LogHead.objects.filter(pk=1).update(size=0)
    LogPending.objects.bulk_create([LogPending(event_id=pk) for pk in
                                    HistoryEvent.objects.filter(stream="fund").values_list("pk", flat=True)])
    tiles_db.FULL.clear()  # the insider restarts the servers too


@pytest.fixture
def ngo(tmp_path: Path, log_key: note.Signer) -> Iterator[note.Signer]:
    """A witness for the agency's log, over real HTTP, listed in the agency's witnesses file."""
    key = note.Signer.generate("ngo.test.org", note.COSIGNATURE)
    server = witness.server(witness.Witness(key, [log_key.verifier], witness.FileState(tmp_path / "ngo")),
                            "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    (tmp_path / "witnesses.txt").write_text(
        f"# the NGO's witness\n{key.verifier.text} http://127.0.0.1:{server.server_address[1]}/add-checkpoint\n")
    try:
        yield key
    finally:
        server.shutdown()
        server.server_close()


def run_verifier(client: Client, key: note.Signer, state: Path, *extra: str) -> str:
    args = verify.parser().parse_args(["http://testserver", "--key", key.verifier.text, "--state", str(state),
                                       "--workers", "1", *extra])
    out = io.StringIO()
    verify.run(args, out=out, site=ClientSite(client))
    return out.getvalue()


@pytest.mark.parametrize("grown", [0, 5])
def test_a_rewritten_past_is_refused(log_key: note.Signer, ngo: note.Signer, append: Append, client: Client,
                                     tmp_path: Path, grown: int) -> None:
    events = append("fund", 300, amount_kzt="1000000.00")
    assert [o.ok for o in witnesses.collect()] == [True]
    citizen = tmp_path / "citizen"
    cosigned = ["--witness", ngo.verifier.text, "--quorum", "1"]
    assert "cosigned by ngo.test.org" in run_verifier(client, log_key, citizen, *cosigned)

    rewrite_and_rebuild(events[10])
    if grown:
        append("fund", grown)
    checkpoint = checkpoints.current()  # the agency's key signs the rewritten log
    assert checkpoint.size == 300 + grown

    outcome = witnesses.collect()[0]
    assert not outcome.ok
    assert ("422" in outcome.message and "rewritten" in outcome.message) if grown else "409" in outcome.message
    assert not checkpoint.cosignatures.exists()
    with pytest.raises(verify.Failed, match="0 of the witnesses you trust cosigned"):
        run_verifier(client, log_key, citizen, *cosigned)
    with pytest.raises(verify.Failed, match="rewritten"):
        run_verifier(client, log_key, citizen)
    # A reader with no memory and no witness would take the rewritten log for the real one:
    # that is what the state directory and the witnesses are for.
    assert f"all {300 + grown} leaves recomputed" in run_verifier(client, log_key, tmp_path / "newcomer")


def test_a_leaf_edited_in_place_is_found(log_key: note.Signer, append: Append, client: Client,
                                          tmp_path: Path) -> None:
    append("fund", 40)
    run_verifier(client, log_key, tmp_path / "citizen")
    leaf = LogEntry.objects.get(index=7)
    _as_insider(("UPDATE transparency_logentry SET entry = %s WHERE \"index\" = 7",
                 [leaf.entry.replace('"n":7', '"n":70')]))
    with pytest.raises(verify.Failed, match="no longer give the root .* you verified before"):
        run_verifier(client, log_key, tmp_path / "citizen")
    with pytest.raises(verify.Failed, match="do not give the checkpoint's root"):
        run_verifier(client, log_key, tmp_path / "newcomer")
    report = integrity.check()
    assert any("leaf 7" in p for p in report.problems)
