"""Public search under a burst: 20 concurrent citizens against 100,000 entries.

Data: the register benchmark's synthetic 100,000-row feed (bench/register.py), imported
with the real `adaldyq register import` into a fresh SQLite file and, when reachable, a
fresh PostgreSQL database `bench_search_load`.

Server: `adaldyq serve` with its defaults (gunicorn; workers and threads as `serve`
chooses them for the machine), on loopback. The per-address rate limits are set to
1,000,000 a minute, explicitly: the 20 simulated citizens all come from 127.0.0.1, and a
real limit would (rightly) refuse them. The limiter still counts every request.

Load: Locust headless (bench/search_locustfile.py), 20 users spawned at once, no pause
between requests, each request a random query from 5,000 distinct name queries (so
almost no query repeats: nothing here is served by a cache), 4 in 5 to the HTML search
page in a random language and 1 in 5 to the JSON API. A 10-second warm-up run is thrown
away, then a 60-second run is measured: requests/s, p50/p99 (nearest rank over every
response time), failures, the CPU seconds of the load generator and of the server's
processes, and the generator's share of the CPU used. Three runs per database.

Target (issue 15): at least 150 requests/s with p99 under 250 ms on 2 cores.
Writes bench/results/search_load.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import register, util

USERS = 20
SECONDS = int(os.environ.get("BENCH_SEARCH_LOAD_SECONDS", "60"))
WARM_UP_SECONDS = 10
QUERIES = 5000
TARGET_RPS = 150.0
TARGET_P99_MS = 250.0
LOCUSTFILE = Path(__file__).with_name("search_locustfile.py")


def _server_cpu(server: util.Server) -> float:
    pids = [server.process.pid, *server.worker_pids()]
    return sum(util.cpu_seconds(pid) for pid in pids)


def locust(server: util.Server, queries: Path, seconds: int) -> dict[str, Any]:
    """One headless Locust run; its latencies, statuses and its own CPU seconds."""
    latencies = util.WORK / "search_load_latencies.json"
    latencies.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_QUERIES": str(queries), "BENCH_LATENCIES": str(latencies)}
    command = [shutil.which("locust") or str(Path(sys.executable).with_name("locust")), "-f", str(LOCUSTFILE),
               "--headless", "--users", str(USERS), "--spawn-rate", str(USERS), "--run-time", f"{seconds}s",
               "--host", server.url, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"]
    before = os.times()
    started = time.perf_counter()
    subprocess.run(command, env=env, check=False, capture_output=True, text=True, timeout=seconds + 60)
    wall = time.perf_counter() - started
    after = os.times()
    document = json.loads(latencies.read_text())
    return {"ms": document["ms"], "statuses": document["statuses"], "wall_s": wall,
            "cpu_s": (after.children_user - before.children_user) + (after.children_system - before.children_system)}


def one_run(server: util.Server, queries: Path, label: str) -> dict[str, Any]:
    locust(server, queries, WARM_UP_SECONDS)
    on_postgres = label == "postgresql"
    server_before, database_before = _server_cpu(server), util.postgres_cpu() if on_postgres else None
    run = locust(server, queries, SECONDS)
    server_cpu = _server_cpu(server) - server_before
    database_after = util.postgres_cpu() if on_postgres else None
    database_cpu = None if database_before is None or database_after is None else database_after - database_before
    ok = run["statuses"].get("200", 0)
    failures = sum(n for status, n in run["statuses"].items() if status != "200")
    summary = util.latency_summary(run["ms"])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    result = {
        **summary, "requests_per_second": round(ok / SECONDS, 1), "failures": failures, "statuses": run["statuses"],
        "generator_cpu_s": round(run["cpu_s"], 2), "server_cpu_s": round(server_cpu, 2),
        "generator_share_of_cpu_used": round(run["cpu_s"] / (run["cpu_s"] + server_cpu), 3),
        "generator_share_of_machine": round(run["cpu_s"] / (run["wall_s"] * cores), 3),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(ok, 1), 2),
        # PostgreSQL's own processes, which the server's figure leaves out (None for SQLite,
        # which runs inside the server, or a database on another machine).
        "database_cpu_s": None if database_cpu is None else round(database_cpu, 2),
        "database_cpu_ms_per_request": None if database_cpu is None else round(database_cpu * 1000 / max(ok, 1), 2),
        "generator_share_of_all_cpu_used": round(run["cpu_s"] / (run["cpu_s"] + server_cpu + (database_cpu or 0.0)), 3),
    }
    print(json.dumps({k: v for k, v in result.items() if k != "statuses"}), flush=True)
    return result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    import django

    django.setup()
    recording = util.Recording()
    util.WORK.mkdir(parents=True, exist_ok=True)
    feed = util.WORK / "register-feed.csv"
    rows = register.build_feed(feed)
    queries = util.WORK / "search_load_queries.json"
    queries.write_text(json.dumps(register.queries(rows, QUERIES, seed=23), ensure_ascii=False), encoding="utf-8")
    results: dict[str, Any] = {}
    headline = []
    for label, url in util.databases("search_load"):
        env = util.base_env(DATABASE_URL=url, **util.UNTHROTTLED)
        util.adaldyq(env, "migrate", "--noinput")
        util.adaldyq(env, "register", "import", str(feed))
        with util.server(env) as server:
            runs = [one_run(server, queries, label) for _ in range(util.RUNS)]
        measured = ["requests_per_second", "p50_ms", "p99_ms", "generator_share_of_cpu_used",
                    "generator_share_of_all_cpu_used", "server_cpu_ms_per_request"]
        if label == "postgresql" and all(r["database_cpu_ms_per_request"] is not None for r in runs):
            measured.append("database_cpu_ms_per_request")
        stats = util.over_runs(runs, *measured, digits=3)
        results[label] = {"runs": runs, **stats}
        rps, p99 = stats["requests_per_second"], stats["p99_ms"]
        headline += [
            util.Headline(f"public search under load, {USERS} users, {register.ROWS:,} entries ({label}): requests/s",
                          f">= {TARGET_RPS:.0f}/s", f"{rps['median']:.0f}/s ({rps['min']:.0f}–{rps['max']:.0f})",
                          rps["median"] >= TARGET_RPS),
            util.Headline(f"public search under load, {USERS} users ({label}): p99",
                          f"< {TARGET_P99_MS:.0f} ms", util.median_range(p99, util.ms), p99["median"] < TARGET_P99_MS),
        ]
    util.write_result(
        "search_load", recording,
        timed_what=(f"HTTP GET of the search page (4/5) and GET /api/v1/register?q= (1/5) through `adaldyq serve` "
                    f"with its defaults on loopback, {USERS} Locust users (headless, FastHttpUser, no pause), "
                    f"{SECONDS} s measured after a {WARM_UP_SECONDS} s warm-up run; response time as Locust sees it; "
                    "rate limits set to 1,000,000/min for the run (all users share 127.0.0.1); CPU seconds of the "
                    "generator, of the gunicorn processes and of every local PostgreSQL process from the kernel"),
        data=(f"{register.ROWS:,} synthetic entries (bench/register.py build_feed); {QUERIES:,} distinct name queries "
              "(bench/register.py queries, seed 23)"),
        results=results, headline=headline,
    )


if __name__ == "__main__":
    main()
