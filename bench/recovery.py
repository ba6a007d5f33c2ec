"""Benchmark: the public asset dashboard at 1,000,000 asset events, through the HTTP stack.

`make bench-recovery` (`python -m bench recovery`):

1. builds, in a fresh SQLite file (var/bench/recovery.sqlite3) and a fresh PostgreSQL
   database `bench_recovery`, 1,000,000 asset events: assets whose whole lives are drawn
   through the same pure lifecycle rules the services use, bulk-inserted, then the
   monthly figures rebuilt and the statistics refreshed (as `adaldyq assets figures
   --rebuild` would after a bulk load);
2. starts the real server (`adaldyq serve`: gunicorn with its default workers and
   threads) on that database and times, from one client, one request after another:
   the public dashboard page `/en/assets/` (HTML with its charts, for the default period
   of 11 months and for the whole range) and its JSON twin `/api/v1/assets/summary`;
   each figure is a whole HTTP request, from sending it to reading the last byte;
3. repeats step 2 in `bench.util.RUNS` runs, each with a freshly started server, after
   warm-up requests that are not counted; reports each run's p50/p99 (nearest rank) and
   the median and range over the runs.

Also timed, in-process and only for the breakdown: `queries.summary` alone (the part
of the page that reads the database). Target (issue 4): the dashboard page under 200 ms
p99. Writes bench/results/recovery.json.

`BENCH_RECOVERY_DB` names the databases (default `recovery`); `BENCH_REUSE=1` keeps a
database already holding the events instead of rebuilding it (for development only:
the committed result is always from fresh databases).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import secrets
import subprocess
import sys
import time
from decimal import Decimal
from typing import Any

import psycopg

from bench import util

EVENTS = int(os.environ.get("BENCH_RECOVERY_EVENTS", "1000000"))
REQUESTS = int(os.environ.get("BENCH_RECOVERY_REQUESTS", "200"))
QUERY_RUNS = 30
WARM_UP = 10
TARGET_MS = 200.0
DB_NAME = os.environ.get("BENCH_RECOVERY_DB", "recovery")
REUSE = os.environ.get("BENCH_REUSE") == "1"


def pages(today: dt.date) -> dict[str, str]:
    whole = f"from=2000-01-01&to={today.isoformat()}"
    return {
        "dashboard page, default period": "/en/assets/",
        "JSON twin, default period": "/api/v1/assets/summary",
        "dashboard page, whole range": f"/en/assets/?{whole}",
        "JSON twin, whole range": f"/api/v1/assets/summary?{whole}",
    }


def main() -> None:
    recording = util.Recording()
    results: dict[str, Any] = {}
    for label, url in _databases():
        env = util.base_env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="adaldyq.settings", **util.UNTHROTTLED,
                            ADALDYQ_SECRET_KEY=secrets.token_urlsafe(32),
                            ADALDYQ_VAR_DIR=str(util.WORK / f"{DB_NAME}-var"))
        util.adaldyq(env, "migrate", "--noinput")
        prepared = _worker(env, "--prepare")
        print(f"[recovery] {label}: {prepared['assets']} assets, {prepared['events']} events "
              f"(built in {prepared['load_seconds']} s)", flush=True)
        results[label] = {**prepared, "pages": _time_pages(env)}
        for name, page in results[label]["pages"].items():
            print(f"[recovery] {label:10s} {name:32s} p50 {page['p50_ms']['median']:7.1f} ms  "
                  f"p99 {page['p99_ms']['median']:7.1f} ms  ({page['p99_ms']['min']}–{page['p99_ms']['max']})",
                  flush=True)
    util.write_result(
        "recovery", recording,
        timed_what=("whole HTTP requests to the real server (`adaldyq serve`, gunicorn defaults), one client, "
                    "one request after another on a keep-alive connection: the public asset dashboard "
                    "/en/assets/ (HTML and charts) and its JSON twin /api/v1/assets/summary; "
                    f"{REQUESTS} requests per URL per run after {WARM_UP} warm-up requests, "
                    f"{util.RUNS} runs each with a fresh server. Also `queries.summary` alone, in-process."),
        data=(f"{EVENTS:,} synthetic asset events (lives drawn through recovery.lifecycle, seed 7) "
              "bulk-loaded into a fresh SQLite file and a fresh PostgreSQL database, monthly figures rebuilt"),
        results=results, headline=_headline(results))


def _headline(results: dict[str, Any]) -> list[util.Headline]:
    rows = []
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    for label, numbers in results.items():
        for name, what in (("dashboard page, default period", "Asset dashboard page /en/assets/"),
                           ("JSON twin, default period", "Asset dashboard JSON twin")):
            p99 = numbers["pages"][name]["p99_ms"]
            rows.append(util.Headline(
                what=f"{what}, {EVENTS:,} events, {names.get(label, label)} (HTTP request)",
                target=f"p99 < {TARGET_MS:.0f} ms",
                measured=f"p99 {util.median_range(p99, util.ms)}",
                met=p99["median"] < TARGET_MS))
    return rows


def _databases() -> list[tuple[str, str]]:
    if not REUSE:
        return util.databases(DB_NAME)
    found = [("sqlite", f"sqlite:///{util.WORK / f'{DB_NAME}.sqlite3'}")]
    util.WORK.mkdir(parents=True, exist_ok=True)
    try:
        with psycopg.connect(f"{util.PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (f"bench_{DB_NAME}",)).fetchone():
                conn.execute(f'CREATE DATABASE "bench_{DB_NAME}"')
        found.append(("postgresql", f"{util.PG_SERVER}/bench_{DB_NAME}"))
    except psycopg.Error as exc:
        print(f"PostgreSQL unreachable, skipped: {exc}", file=sys.stderr)
    return found


def _time_pages(env: dict[str, str]) -> dict[str, Any]:
    urls = pages(dt.date.today())
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in urls}
    for _ in range(util.RUNS):
        with util.server(env) as srv:
            for name, path in urls.items():
                runs[name].append(util.time_gets(srv, path, requests=REQUESTS, warm_up=WARM_UP))
    return {name: {"url": urls[name], "bytes": found[-1]["bytes"],
                   **util.over_runs(found, "p50_ms", "p99_ms", "max_ms"), "runs": found}
            for name, found in runs.items()}


def _worker(env: dict[str, str], *args: str) -> dict[str, Any]:
    """This file again, in a child process with Django set up on the bench database."""
    done = subprocess.run([sys.executable, "-m", "bench.recovery", *args], env=env, cwd=util.ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench.recovery {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# --- inside the child process -------------------------------------------------------------

def prepare() -> dict[str, Any]:
    """Build the events (unless a reused database has them) and time `queries.summary` alone."""
    import django

    django.setup()
    from django.db import connection

    from adaldyq.recovery import queries, services
    from adaldyq.recovery.models import Asset, AssetEvent, MonthlyFigure

    load_seconds = 0.0
    if AssetEvent.objects.count() != EVENTS or not MonthlyFigure.objects.exists():
        started = time.perf_counter()
        _load()
        services.rebuild_figures()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        load_seconds = time.perf_counter() - started
    today = dt.date.today()
    periods = {"default period": queries.default_period(today), "whole range": queries.Period(dt.date(2000, 1, 1), today)}
    query_ms = {}
    for name, period in periods.items():
        for _ in range(3):
            queries.summary(period)  # warm-up, not counted
        samples = []
        for _ in range(QUERY_RUNS):
            started = time.perf_counter()
            queries.summary(period)
            samples.append((time.perf_counter() - started) * 1000)
        query_ms[name] = util.latency_summary(samples)
    return {"assets": Asset.objects.count(), "events": AssetEvent.objects.count(),
            "monthly_figures": MonthlyFigure.objects.count(), "load_seconds": round(load_seconds, 1),
            "summary_query_in_process": query_ms}


PATHS = [["freeze"], ["freeze", "confiscate"], ["freeze", "confiscate", "collect"],
         ["freeze", "confiscate", "transfer", "sell", "credit"], ["freeze", "agree_return", "transfer", "hold"],
         ["freeze", "confiscate", "transfer", "credit"], ["freeze", "lift_arrest"],
         ["freeze", "confiscate", "overturn"]]
KINDS = ["real_estate", "vehicle", "bank_funds", "securities", "company_stake", "crypto", "other"]
COUNTRIES = ["AE", "GB", "CH", "US", "TR", "GE", "CY", "NL"]
Life = list[tuple[str, str, str, dt.date, Decimal | None, bool]]


def _load() -> None:
    """Cases, then assets with their whole life decided by the pure rules, then their events."""
    from django.db import transaction

    from adaldyq.core.regions import REGIONS
    from adaldyq.recovery.models import Asset, AssetEvent, RecoveryCase

    rng = random.Random(7)
    today = dt.date.today()
    start = today - dt.timedelta(days=3 * 365)
    with transaction.atomic():
        AssetEvent.objects.all().delete()
        Asset.objects.all().delete()
        RecoveryCase.objects.all().delete()
        cases = RecoveryCase.objects.bulk_create(
            [RecoveryCase(reference=f"B-{i:06d}", kind="criminal" if i % 4 else "asset_return",
                          title_en="Benchmark case", opened_on=start, region=rng.choice(list(REGIONS)))
             for i in range(max(1, EVENTS // 500))], batch_size=5000)
    made, number = 0, 0
    batch: list[tuple[Any, Life]] = []
    while made < EVENTS:
        number += 1
        asset, life = _asset(rng, number, cases[number % len(cases)], start=start, today=today)
        made += len(life)
        batch.append((asset, life))
        if len(batch) >= 20000:
            _flush(batch)
    if batch:
        _flush(batch)


def _asset(rng: random.Random, number: int, case: Any, *, start: dt.date, today: dt.date) -> tuple[Any, Life]:
    from adaldyq.core.regions import REGIONS
    from adaldyq.recovery import lifecycle
    from adaldyq.recovery.models import Asset

    identified = start + dt.timedelta(days=rng.randint(0, (today - start).days))
    value = Decimal(rng.randint(1_000_000, 5_000_000_000))
    abroad = rng.random() < 0.2
    state = lifecycle.AssetState(lifecycle.IDENTIFIED, valuation_kzt=value)
    dates: dict[str, dt.date | None] = {}
    life: Life = [("identify", "", lifecycle.IDENTIFIED, identified, value, False)]
    day = identified
    for action in rng.choice(PATHS):
        day = day + dt.timedelta(days=rng.randint(5, 60))
        if day > today:
            break
        amount = {"confiscate": value, "agree_return": value, "collect": value / 10, "sell": value * 9 / 10,
                  "credit": state.proceeds_kzt or value}.get(action)
        step = lifecycle.apply(state, action, day, amount, ground="benchmark")
        state = step.state
        dates.update(step.set_dates)
        dates.update(dict.fromkeys(step.clear_dates))
        life.append((action, step.before, step.after, day, amount, step.backward))
    asset = Asset(
        case=case, reference=f"BA-{number:07d}", kind=rng.choice(KINDS), description_en="Benchmark asset",
        country=rng.choice(COUNTRIES) if abroad else "KZ", region="" if abroad else rng.choice(list(REGIONS)),
        abroad=abroad, valuation_amount=value, valuation_date=identified, valuation_kzt=value,
        status=state.status, ordered_kzt=state.ordered_kzt, collected_kzt=state.collected_kzt,
        returned_kzt=state.returned_kzt, proceeds_kzt=state.proceeds_kzt, identified_on=identified, **dates)
    return asset, life


def _flush(batch: list[tuple[Any, Life]]) -> None:
    from django.db import transaction

    from adaldyq.recovery.models import Asset, AssetEvent

    with transaction.atomic():
        Asset.objects.bulk_create([asset for asset, _ in batch], batch_size=5000)
        AssetEvent.objects.bulk_create(
            [AssetEvent(asset=asset, action=action, from_status=before, to_status=after, backward=back,
                        occurred_on=on, amount_kzt=amount, amount=amount, currency="KZT" if amount else "")
             for asset, life in batch for action, before, after, on, amount, back in life],
            batch_size=10000)
    batch.clear()


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        print(json.dumps(prepare()))
    else:
        main()
