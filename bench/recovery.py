"""Benchmark: the public dashboard summary over 1,000,000 asset events.

`python -m bench recovery` builds (once) a data set of 200,000 assets whose lives add up
to 1,000,000 events, in a separate SQLite file (var/bench/recovery.sqlite3) and in a
PostgreSQL database `bench_recovery` (from ADALDYQ_BENCH_PG, default
postgres://postgres@127.0.0.1:5432/bench_recovery), then times `queries.summary` for
the default 11-month period, the whole range and one month: p50/p99 over repeated runs.
The target is under 200 ms. Whole months are read from the monthly figures the
services keep (rebuilt here after the bulk load), the days at the edges from the assets. Results go to var/bench/recovery.json.

Each database runs in its own process (Django settings are per process); the data is
generated with the same pure lifecycle rules the services use, and bulk-inserted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

EVENTS = int(os.environ.get("ADALDYQ_BENCH_RECOVERY_EVENTS", "1000000"))
RUNS = 30
TARGET_MS = 200
OUT = Path("var/bench")
PG_URL = os.environ.get("ADALDYQ_BENCH_PG", "postgres://postgres@127.0.0.1:5432/bench_recovery")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"events": EVENTS, "target_ms": TARGET_MS, "runs": RUNS, "databases": {}}
    targets = [("sqlite", f"sqlite:///{(OUT / 'recovery.sqlite3').resolve()}")]
    if _ensure_pg_database(PG_URL):
        targets.append(("postgresql", PG_URL))
    else:
        print("[recovery] PostgreSQL unreachable: benchmark runs on SQLite only")
    for label, url in targets:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "adaldyq.settings"}
        done = subprocess.run([sys.executable, "-m", "bench.recovery", "--worker", label], env=env,
                              capture_output=True, text=True, check=False)
        sys.stderr.write(done.stderr[-2000:])
        if done.returncode != 0:
            results["databases"][label] = {"error": done.stderr[-500:]}
            continue
        results["databases"][label] = json.loads(done.stdout.strip().splitlines()[-1])
    (OUT / "recovery.json").write_text(json.dumps(results, indent=2))
    for label, numbers in results["databases"].items():
        if "error" in numbers:
            print(f"[recovery] {label}: failed")
            continue
        for name, timing in numbers["timings"].items():
            verdict = "OK" if timing["p99_ms"] < TARGET_MS else "OVER TARGET"
            print(f"[recovery] {label:10s} {name:28s} p50 {timing['p50_ms']:7.1f} ms  "
                  f"p99 {timing['p99_ms']:7.1f} ms  {verdict}")
        print(f"[recovery] {label:10s} {numbers['assets']} assets, {numbers['events']} events "
              f"(load {numbers['load_seconds']:.0f} s)")
    print(f"[recovery] written {OUT / 'recovery.json'}")


def _ensure_pg_database(url: str) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return False
    return True


# --- inside the worker process -----------------------------------------------------------

def worker(label: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from adaldyq.recovery import queries, services
    from adaldyq.recovery.models import Asset, AssetEvent, MonthlyFigure

    call_command("migrate", verbosity=0)
    load_seconds = 0.0
    if AssetEvent.objects.count() < EVENTS:
        started = time.perf_counter()
        _load(connection.vendor)
        services.rebuild_figures()
        load_seconds = time.perf_counter() - started
    elif not MonthlyFigure.objects.exists():
        services.rebuild_figures()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = dt.date.today()
    periods = {
        "summary, default 11 months": queries.default_period(today),
        "summary, whole range": queries.Period(dt.date(2000, 1, 1), today),
        "summary, one month": queries.Period(today.replace(day=1), today),
        "summary, 11 months mid-month": queries.Period(queries.default_period(today).start.replace(day=15),
                                                      today - dt.timedelta(days=14)),
    }
    timings = {}
    for name, period in periods.items():
        for _ in range(3):
            queries.summary(period)
        samples = []
        for _ in range(RUNS):
            started = time.perf_counter()
            queries.summary(period)
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        timings[name] = {"p50_ms": round(statistics.median(samples), 2),
                         "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 2),
                         "max_ms": round(samples[-1], 2)}
    print(json.dumps({"database": label, "assets": Asset.objects.count(), "events": AssetEvent.objects.count(),
                      "monthly_figures": MonthlyFigure.objects.count(),
                      "load_seconds": round(load_seconds, 1), "timings": timings}))


def _load(vendor: str) -> None:
    """Cases, then assets with their whole life decided by the pure rules, then their events."""
    from django.db import transaction

    from adaldyq.core.regions import REGIONS
    from adaldyq.recovery import lifecycle
    from adaldyq.recovery.models import Asset, AssetEvent, RecoveryCase

    rng = random.Random(7)
    regions = list(REGIONS)
    kinds = ["real_estate", "vehicle", "bank_funds", "securities", "company_stake", "crypto", "other"]
    countries = ["AE", "GB", "CH", "US", "TR", "GE", "CY", "NL"]
    today = dt.date.today()
    start = today - dt.timedelta(days=3 * 365)
    with transaction.atomic():
        AssetEvent.objects.all().delete()
        Asset.objects.all().delete()
        RecoveryCase.objects.all().delete()
        cases = RecoveryCase.objects.bulk_create(
            [RecoveryCase(reference=f"B-{i:06d}", kind="criminal" if i % 4 else "asset_return",
                          title="Benchmark case", opened_on=start, region=rng.choice(regions))
             for i in range(max(1, EVENTS // 500))], batch_size=5000)
    paths = [["freeze"], ["freeze", "confiscate"], ["freeze", "confiscate", "collect"],
             ["freeze", "confiscate", "transfer", "sell", "credit"], ["freeze", "agree_return", "transfer", "hold"],
             ["freeze", "confiscate", "transfer", "credit"], ["freeze", "lift_arrest"],
             ["freeze", "confiscate", "overturn"]]
    made = 0
    number = 0
    batch_assets: list[Any] = []
    batch_lives: list[list[tuple[str, str, str, dt.date, Decimal | None, bool]]] = []

    def flush() -> None:
        with transaction.atomic():
            Asset.objects.bulk_create(batch_assets, batch_size=5000)
            events = [AssetEvent(asset=a, action=action, from_status=before, to_status=after, backward=back,
                                 occurred_on=on, amount_kzt=amount, amount=amount, currency="KZT" if amount else "")
                      for a, life in zip(batch_assets, batch_lives, strict=True)
                      for action, before, after, on, amount, back in life]
            AssetEvent.objects.bulk_create(events, batch_size=10000)
        batch_assets.clear()
        batch_lives.clear()

    while made < EVENTS:
        number += 1
        identified = start + dt.timedelta(days=rng.randint(0, (today - start).days))
        value = Decimal(rng.randint(1_000_000, 5_000_000_000))
        abroad = rng.random() < 0.2
        state = lifecycle.AssetState(lifecycle.IDENTIFIED, valuation_kzt=value)
        dates: dict[str, dt.date | None] = {}
        life = [("identify", "", lifecycle.IDENTIFIED, identified, value, False)]
        day = identified
        for action in rng.choice(paths):
            day = day + dt.timedelta(days=rng.randint(5, 60))
            if day > today:
                break
            amount = {"confiscate": value, "agree_return": value, "collect": value / 10, "sell": value * 9 / 10,
                      "credit": state.proceeds_kzt or value}.get(action)
            step = lifecycle.apply(state, action, day, amount, ground="benchmark")
            state = step.state
            dates.update(step.set_dates)
            for cleared in step.clear_dates:
                dates[cleared] = None
            life.append((action, step.before, step.after, day, amount, step.backward))
        made += len(life)
        batch_assets.append(Asset(
            case=cases[number % len(cases)], reference=f"BA-{number:07d}", kind=rng.choice(kinds),
            description="Benchmark asset", country=rng.choice(countries) if abroad else "KZ",
            region="" if abroad else rng.choice(regions), abroad=abroad, valuation_amount=value,
            valuation_date=identified, valuation_kzt=value, status=state.status, ordered_kzt=state.ordered_kzt,
            collected_kzt=state.collected_kzt, returned_kzt=state.returned_kzt, proceeds_kzt=state.proceeds_kzt,
            identified_on=identified, **dates,
        ))
        batch_lives.append(life)
        if len(batch_assets) >= 20000:
            flush()
    if batch_assets:
        flush()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(sys.argv[2])
    else:
        main()
