"""How many threads an `adaldyq serve` worker should run: the search burst of
`search_load` through two workers with two threads each and with four, alternating.

Data: the databases `python -m bench search_load` imported (its SQLite file under
var/bench/ and, when there, the PostgreSQL database `bench_search_load`), read as they
are; run `search_load` first. Load: `search_load.one_run` (20 Locust users, no pause,
a 10-second warm-up thrown away, then the measured run), a fresh server for each run,
the two set-ups alternating so that a drift of the machine's speed hits both alike.

This chose `serve`'s default of two threads (docs/deployment.md).
Writes bench/results/search_threads.json.
"""

from __future__ import annotations

import json
import os
from typing import Any

from bench import search_load, util

THREADS = (2, 4)
WORKERS = 2


def _databases() -> list[tuple[str, str]]:
    found = []
    sqlite = util.WORK / "search_load.sqlite3"
    if sqlite.exists():
        found.append(("sqlite", f"sqlite:///{sqlite}"))
    try:
        import psycopg

        with psycopg.connect(f"{util.PG_SERVER}/bench_search_load", connect_timeout=5):
            found.append(("postgresql", f"{util.PG_SERVER}/bench_search_load"))
    except psycopg.OperationalError:
        pass
    if not found:
        raise SystemExit("No database of `python -m bench search_load` found: run that benchmark first.")
    return found


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    recording = util.Recording()
    queries = util.WORK / "search_load_queries.json"
    if not queries.exists():
        raise SystemExit("No queries of `python -m bench search_load` found: run that benchmark first.")
    results: dict[str, Any] = {}
    headline = []
    for label, url in _databases():
        env = util.base_env(DATABASE_URL=url, **util.UNTHROTTLED)
        runs: dict[int, list[dict[str, Any]]] = {n: [] for n in THREADS}
        for _ in range(util.RUNS):
            for threads in THREADS:
                with util.server(env, "--workers", str(WORKERS), "--threads", str(threads)) as server:
                    print(json.dumps({"database": label, "threads": threads}), flush=True)
                    runs[threads].append(search_load.one_run(server, queries))
        results[label] = {}
        measured = []
        for threads in THREADS:
            stats = util.over_runs(runs[threads], "requests_per_second", "p50_ms", "p99_ms",
                                   "server_cpu_ms_per_request", digits=3)
            results[label][f"threads_{threads}"] = {"runs": runs[threads], **stats}
            measured.append(f"{threads} threads: {stats['requests_per_second']['median']:.0f}/s, "
                            f"p99 {stats['p99_ms']['median']:.1f} ms")
        headline.append(util.Headline(
            f"search burst ({label}), {WORKERS} workers: threads per worker (informs `serve`'s default)",
            "more requests/s, shorter p99", "; ".join(measured)))
    util.write_result(
        "search_threads", recording,
        timed_what=(f"as search_load (20 Locust users, {search_load.SECONDS} s measured after a "
                    f"{search_load.WARM_UP_SECONDS} s warm-up), through `adaldyq serve --workers {WORKERS}` with "
                    f"--threads {' and '.join(str(n) for n in THREADS)}, a fresh server per run, the set-ups alternating"),
        data="the databases and queries `python -m bench search_load` made (100,000 synthetic entries, 5,000 queries)",
        results=results, headline=headline,
    )


if __name__ == "__main__":
    main()
