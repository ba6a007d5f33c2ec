"""Transparency-log benchmark (issue 14): `make bench-transparency`.

Three measurements, each in throw-away databases under var/bench/ (or PostgreSQL
`bench_tlog_*`), with the real code paths:

1. **Append 100,000 events**: a child process migrates a fresh database, makes a log key,
   then appends 100,000 events through `core.history.append` in transactions of 1,000
   (half register events, half fund events), each commit followed by the log's own
   integration of those events (`transparency.sequencer.integrate`, run on commit as in
   production). Timed: all of it, from the first append to the last leaf in the log.
   SQLite and, when reachable, PostgreSQL; a fresh database per run.
2. **Inclusion proofs through HTTP at 1,000,000 leaves**: a SQLite database with the
   register demo data and a log grown to 1,000,000 leaves (100,000 register events about
   the demo entries, the rest fund events), served by `adaldyq serve` (gunicorn, 2
   workers × 4 threads). One client on one keep-alive connection sends
   `GET /api/v1/log/proof/inclusion?index=<random>&size=1000000` one at a time; timed: each
   request to the last byte of its answer. 100 warm-up requests per run are excluded.
3. **Full verification of 1,000,000 leaves**: the `adaldyq-verify` console script against
   that server with a fresh state directory (signature, every entry bundle, the root
   recomputed, every personal part still served checked against its commitment).
   Timed: the whole command. Client and server share the machine's cores.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import util

APPEND_EVENTS = int(os.environ.get("BENCH_TLOG_APPEND", "100000"))
LOG_LEAVES = int(os.environ.get("BENCH_TLOG_LEAVES", "1000000"))
REGISTER_SHARE = 10  # one leaf in ten is a register event in the large log
PROOFS = int(os.environ.get("BENCH_TLOG_PROOFS", "1000"))
WARM_UP = 100
APPEND_BATCH = 1000
BUILD_BATCH = 10_000
PROOF_TARGET_MS = 10.0
VERIFY_TARGET_S = 60.0


# --- in the child process (DATABASE_URL and ADALDYQ_LOG_KEY_DIR set by the parent) -------

def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    django.setup()
    from django.core.management import call_command

    from adaldyq.transparency import keys

    call_command("migrate", verbosity=0)
    keys.generate("bench.adaldyq.localhost/log")


def _events(count: int, start: int, register_ids: list[int], register_every: int) -> list[tuple[str, Any]]:
    from adaldyq.core.history import NewEvent

    out = []
    for i in range(start, start + count):
        if register_ids and i % register_every == 0:
            subject = register_ids[i % len(register_ids)]
            out.append(("register", NewEvent("register.entry", str(subject), "corrected", ground="bench correction",
                                             document=f"CASE-{subject}", source="bench",
                                             public={"listed_from": "2024-01-01", "listed_until": None},
                                             private={"record_id": f"R-{subject}"})))
        else:
            out.append(("fund", NewEvent("fund.receipt", str(i), "receive", document=f"order {i}", source="bench",
                                         public={"amount_kzt": f"{1000 + i % 997}.00", "kind": "collected",
                                                 "case": f"CC-BENCH-{i % 500:04d}"})))
    return out


def _append(events: list[tuple[str, Any]]) -> None:
    from django.db import transaction

    from adaldyq.core import history

    with transaction.atomic():
        for stream in ("register", "fund"):
            batch = [e for s, e in events if s == stream]
            if batch:
                history.append(stream, batch)


def child_append() -> dict[str, Any]:
    _setup()
    from adaldyq.transparency.models import LogHead

    started = time.perf_counter()
    for start in range(0, APPEND_EVENTS, APPEND_BATCH):
        _append(_events(min(APPEND_BATCH, APPEND_EVENTS - start), start, list(range(1, 501)), 2))
    seconds = time.perf_counter() - started
    size = LogHead.objects.get(pk=1).size
    assert size == APPEND_EVENTS, f"the log has {size} leaves, {APPEND_EVENTS} expected"
    return {"events": APPEND_EVENTS, "seconds": round(seconds, 2), "events_per_s": round(APPEND_EVENTS / seconds)}


def child_build() -> dict[str, Any]:
    _setup()
    from adaldyq.register import demo
    from adaldyq.register.models import Conviction
    from adaldyq.transparency import checkpoints, keys
    from adaldyq.transparency.models import LogHead

    demo.load(seed=2026)
    ids = list(Conviction.objects.values_list("pk", flat=True))
    size = LogHead.objects.get(pk=1).size if LogHead.objects.filter(pk=1).exists() else 0
    started = time.perf_counter()
    done = 0
    while True:
        size = checkpoints.current().size
        if size >= LOG_LEAVES:
            break
        count = min(BUILD_BATCH, LOG_LEAVES - size)
        _append(_events(count, done, ids, REGISTER_SHARE))
        done += count
    seconds = time.perf_counter() - started
    return {"leaves": size, "appended": done, "build_seconds": round(seconds, 1),
            "verifier_key": keys.verifiers()[0].text}


# --- in the parent ------------------------------------------------------------------------

def _child(kind: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "bench.transparency", "--child", kind], env=env,
                          capture_output=True, text=True, check=False, cwd=util.ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"bench child {kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_append() -> dict[str, Any]:
    results: dict[str, Any] = {}
    for run in range(util.RUNS):
        for label, url in util.databases(f"tlog_append_{run}"):
            with tempfile.TemporaryDirectory() as keys:
                env = util.base_env(DATABASE_URL=url, **util.UNTHROTTLED, ADALDYQ_LOG_KEY_DIR=keys, ADALDYQ_VAR_DIR=str(util.WORK))
                result = _child("append", env)
            print(f"[transparency] append {APPEND_EVENTS} events on {label}, run {run + 1}: {result['seconds']} s",
                  flush=True)
            results.setdefault(label, []).append(result)
    return {label: {"runs": runs, **util.over_runs(runs, "seconds", "events_per_s")} for label, runs in results.items()}


def _proof_latencies(server: util.Server, size: int, count: int, rng: random.Random) -> list[float]:
    conn = server.connection()
    times = []
    for _ in range(count):
        path = f"/api/v1/log/proof/inclusion?index={rng.randrange(size)}&size={size}"
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}: {body[:200]!r}")
    conn.close()
    return times


def measure_large_log() -> dict[str, Any]:
    url = util.sqlite_url("tlog_1m")
    keys = util.WORK / "tlog_1m_keys"
    for old in keys.glob("*.key") if keys.exists() else []:
        old.unlink()
    env = util.base_env(DATABASE_URL=url, **util.UNTHROTTLED, ADALDYQ_LOG_KEY_DIR=str(keys), ADALDYQ_VAR_DIR=str(util.WORK))
    print(f"[transparency] building a log of {LOG_LEAVES} leaves …", flush=True)
    built = _child("build", env)
    print(f"[transparency] built in {built['build_seconds']} s", flush=True)
    size, rng = built["leaves"], random.Random(14)
    proofs, verifications = [], []
    verify = str(Path(sys.executable).with_name("adaldyq-verify"))
    with util.server(env, "--workers", "2", "--threads", "4", ready_path="/log/checkpoint") as server:
        for run in range(util.RUNS):
            _proof_latencies(server, size, WARM_UP, rng)
            summary = util.latency_summary(_proof_latencies(server, size, PROOFS, rng))
            print(f"[transparency] inclusion proofs, run {run + 1}: {summary}", flush=True)
            proofs.append(summary)
        for run in range(util.RUNS):
            with tempfile.TemporaryDirectory() as state:
                seconds, done = util.timed(lambda state=state: subprocess.run(
                    [verify, server.url, "--key", built["verifier_key"], "--state", state],
                    capture_output=True, text=True, check=False))
            if done.returncode != 0:
                raise RuntimeError(f"adaldyq-verify failed: {done.stderr[-2000:]}")
            print(f"[transparency] adaldyq-verify run {run + 1}: {seconds:.1f} s", flush=True)
            verifications.append({"seconds": round(seconds, 2), "output": done.stdout.strip().splitlines()})
    return {"build": built, "proofs": {"runs": proofs, **util.over_runs(proofs, "p50_ms", "p99_ms", "max_ms")},
            "verify": {"runs": verifications, **util.over_runs(verifications, "seconds")}}


def main() -> None:
    recording = util.Recording()
    append = measure_append()
    large = measure_large_log()
    headline = [
        util.Headline(f"transparency: append {APPEND_EVENTS:,} events with the log, {label}", "–",
                      f"{util.median_range(stats['seconds'], util.seconds)}, "
                      f"{stats['events_per_s']['median']:,.0f} events/s")
        for label, stats in append.items()
    ]
    p99 = large["proofs"]["p99_ms"]
    headline.append(util.Headline(f"transparency: inclusion proof via HTTP at {large['build']['leaves']:,} leaves, p99",
                                  f"< {PROOF_TARGET_MS:.0f} ms", util.median_range(p99, util.ms),
                                  p99["median"] < PROOF_TARGET_MS))
    seconds = large["verify"]["seconds"]
    headline.append(util.Headline(f"transparency: adaldyq-verify of {large['build']['leaves']:,} leaves, whole command",
                                  f"< {VERIFY_TARGET_S:.0f} s", util.median_range(seconds, util.seconds),
                                  seconds["median"] < VERIFY_TARGET_S))
    util.write_result(
        "transparency", recording,
        timed_what="see bench/transparency.py: (1) 100,000 events through history.append in transactions of 1,000 "
                   "and their integration into the log; (2) inclusion-proof HTTP requests, one client, keep-alive, "
                   "to the last byte; (3) the whole adaldyq-verify command, fresh state",
        data=f"(1) synthetic events, half register, half fund, on fresh SQLite/PostgreSQL databases; (2, 3) SQLite, "
             f"register demo data (seed 2026) and a log of {large['build']['leaves']:,} leaves (one in "
             f"{REGISTER_SHARE} a register event about a demo entry, the rest fund events)",
        results={"append": append, "large_log": large}, headline=headline)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        result = child_append() if sys.argv[2] == "append" else child_build()
        print(json.dumps(result))
    else:
        main()
