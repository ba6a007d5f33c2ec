"""Screening API benchmark: single-name latency of POST /api/v1/screen, one client.

`python -m bench screening_api`:

1. for each database (a fresh SQLite file under var/bench/; a fresh PostgreSQL database
   `bench_screening_api` when reachable): `adaldyq migrate`, `adaldyq demo` (the
   synthetic register and the demo lists) and a 100,000-entry synthetic person list
   loaded with the real `adaldyq lists load`; an API token with the `screen` scope whose
   own limits are set out of the way;
2. starts the real server (`adaldyq serve`, gunicorn, one worker so its one per-process
   index serves every request) in two set-ups: gunicorn's sync worker (`--threads 1`, a
   connection per request) and the gthread worker `adaldyq serve` uses, with four
   threads (`--threads 4`, keep-alive); the per-address rate limits are lifted for the one
   loopback client (`util.UNTHROTTLED`; the limiter still runs on every request);
3. times the first request (the worker builds its indexes), then, for two list choices
   (the register alone; the register and the 100,000-entry list), 30 warm-up requests
   (not counted) and 1,000 single-name POSTs one after another, each a whole HTTP
   request from sending it to reading the body; half the names are public register
   entries, half other spellings of people on the big list;
4. repeats steps 2-3 in `util.RUNS` runs, each with a freshly started server; reports
   each run's p50/p95/p99 (nearest rank), the server worker's CPU time per request, and
   the median and range over the runs.

Each measured request does everything a real one does: token check and the
database-backed token limits, screening, the screening log with its names, and the API
call log. Target (issue 3): p99 under 20 ms with one client. Writes
bench/results/screening_api.json. `BENCH_SCREENING_LIST` and `BENCH_SCREENING_REQUESTS`
shrink the list and the requests for a quick try.
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path
from typing import Any

from bench import util
from bench.synthetic_names import NameGenerator

LIST_SIZE = int(os.environ.get("BENCH_SCREENING_LIST", "100000"))
REQUESTS = int(os.environ.get("BENCH_SCREENING_REQUESTS", "1000"))
WARM_UP = 30
TARGET_P99_MS = 20.0
BIG_LIST = "bench-100k"
# One worker process, so its one per-process index is warm for every request.
SERVERS = {
    "sync": ("--workers", "1", "--threads", "1"),  # gunicorn's sync worker: a connection per request
    "gthread": ("--workers", "1", "--threads", "4"),  # gunicorn's gthread worker, four threads, keep-alive
}
LISTS = {"register": ["register"], f"register + {LIST_SIZE:,}": ["register", BIG_LIST]}


def main() -> None:
    recording = util.Recording()
    names, variants = synthetic_people(LIST_SIZE)
    results: dict[str, Any] = {}
    for label, url in util.databases("screening_api"):
        env = util.base_env(DATABASE_URL=url, **util.UNTHROTTLED,
                            ADALDYQ_VAR_DIR=str(util.WORK / f"screening_api-{label}-var"))
        prepared = prepare(env, names=names, variants=variants)
        results[label] = {"list_entries": LIST_SIZE, "list_load_seconds": prepared["list_load_seconds"],
                          "servers": {server: _time_server(env, options, prepared)
                                      for server, options in SERVERS.items()}}
        _print(label, results[label])
    util.write_result(
        "screening_api", recording,
        timed_what=("whole HTTP request POST /api/v1/screen to the real server (`adaldyq serve`, gunicorn, one "
                    "worker; sync worker `--threads 1` and the gthread worker `--threads 4`), one client, "
                    "one name per request, one request after another, from sending the request to reading the "
                    f"body; {REQUESTS} requests per list choice per run after {WARM_UP} warm-up requests, "
                    f"{util.RUNS} runs each with a fresh server; per-address rate limits lifted, token check, "
                    "token limits, screening log and API call log on every request"),
        data=(f"the demo register and demo lists (`adaldyq demo`) and a {LIST_SIZE:,}-entry synthetic person list "
              "(bench/synthetic_names.py, seed 17) loaded with `adaldyq lists load`, in a fresh SQLite file and "
              "a fresh PostgreSQL database; queries: half public register names, half other spellings of "
              "people on the big list"),
        results=results, headline=_headline(results))


def synthetic_people(count: int, seed: int = 17) -> tuple[list[str], list[str]]:
    """Names for the big list, and other spellings of some of them to query."""
    generator = NameGenerator(seed)
    people = [generator.person() for _ in range(count)]
    names = [generator.full_name(p) for p in people]
    rng = random.Random(seed)
    variants = [generator.variant(p) for p in rng.sample(people, min(count, REQUESTS // 2 + WARM_UP))]
    return names, variants


def write_list(path: Path, names: list[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for n, name in enumerate(names):
            entity = {"id": f"bench-{n:06d}", "schema": "Person", "properties": {"name": [name]}}
            handle.write(json.dumps(entity, ensure_ascii=False) + "\n")


def prepare(env: dict[str, str], *, names: list[str], variants: list[str]) -> dict[str, Any]:
    """Migrate, load the demo and the big list; a token and the queries to send."""
    util.adaldyq(env, "migrate", "--noinput")
    util.adaldyq(env, "demo")
    list_file = util.WORK / "screening-list.jsonl"
    write_list(list_file, names)
    load_seconds, _ = util.timed(lambda: util.adaldyq(env, "lists", "load", BIG_LIST, str(list_file), "--replace"))
    rng = random.Random(5)
    on_register = _shell_json(env, "from adaldyq.register.models import Conviction; "
                                   "print(json.dumps([c.person.name_latin or c.person.full_name for c in "
                                   "Conviction.objects.public().select_related('person')]))")
    queries = [rng.choice(on_register) if n % 2 else variants[n // 2 % len(variants)]
               for n in range(REQUESTS + WARM_UP)]
    rng.shuffle(queries)
    token = _shell_json(env, "from adaldyq.core import tokens; print(json.dumps(tokens.issue("
                             "'bench', ['screen'], rate_per_minute=1_000_000, daily_names=1_000_000_000).plaintext))")
    return {"list_load_seconds": round(load_seconds, 2), "token": token, "queries": queries}


def _shell_json(env: dict[str, str], code: str) -> Any:
    """The JSON value the code prints last, run by `adaldyq shell` on the bench database."""
    return json.loads(util.adaldyq(env, "shell", "-c", f"import json; {code}").strip().splitlines()[-1])


def _time_server(env: dict[str, str], options: tuple[str, ...], prepared: dict[str, Any]) -> dict[str, Any]:
    """`util.RUNS` runs of one server set-up, each with a fresh server: every list choice timed."""
    first_calls: list[float] = []
    runs: dict[str, list[dict[str, Any]]] = {choice: [] for choice in LISTS}
    for _ in range(util.RUNS):
        with util.server(env, *options) as srv:
            conn = srv.connection(timeout=300)
            first_ms, _ = _post(conn, prepared["token"], name="Омаров Ерлан", lists=["register", BIG_LIST])
            first_calls.append(first_ms / 1000)
            for choice, lists in LISTS.items():
                runs[choice].append(measure(srv, conn, prepared["token"], prepared["queries"], lists=lists))
            conn.close()
    return {"options": " ".join(options), "first_call_builds_indexes_seconds": util.spread(first_calls),
            "lists": {choice: {"lists": LISTS[choice],
                               **util.over_runs(found, "p50_ms", "p99_ms", "max_ms", "server_cpu_ms_per_request"),
                               "runs": found}
                      for choice, found in runs.items()}}


def measure(srv: util.Server, conn: util.Connection, token: str, queries: list[str], *,
            lists: list[str]) -> dict[str, Any]:
    """One run for one list choice: warm-up, then one name per request, timed; the worker's CPU time."""
    for name in queries[:WARM_UP]:
        _post(conn, token, name=name, lists=lists)
    workers = srv.worker_pids()
    cpu_before = sum(util.cpu_seconds(pid) for pid in workers)
    latencies, with_matches = [], 0
    for name in queries[WARM_UP:WARM_UP + REQUESTS]:
        elapsed, data = _post(conn, token, name=name, lists=lists)
        latencies.append(elapsed)
        with_matches += bool(data["results"][0]["matches"])
    cpu_ms = (sum(util.cpu_seconds(pid) for pid in workers) - cpu_before) * 1000 / len(latencies)
    return {**util.latency_summary(latencies), "requests_with_matches": with_matches,
            "server_cpu_ms_per_request": round(cpu_ms, 2), "load_average_1min": util.load_average()["1min"]}


def _post(conn: util.Connection, token: str, *, name: str, lists: list[str]) -> tuple[float, dict[str, Any]]:
    """One single-name screening request, in ms from sending it to reading the body.
    Any status but 200 stops the benchmark: a number for an error would be a lie."""
    payload = json.dumps({"queries": [{"id": "q", "name": name}], "lists": lists}).encode()
    started = time.perf_counter()
    conn.request("POST", "/api/v1/screen", payload, {"Authorization": f"Bearer {token}",
                                                      "Content-Type": "application/json"})
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"POST /api/v1/screen answered {response.status}: {body[:300]!r}")
    return elapsed, json.loads(body)


def _print(label: str, numbers: dict[str, Any]) -> None:
    for server, found in numbers["servers"].items():
        for choice, stats in found["lists"].items():
            print(f"[screening_api] {label:10s} {server:8s} {choice:18s} p50 {stats['p50_ms']['median']:7.1f} ms  "
                  f"p99 {util.median_range(stats['p99_ms'], util.ms)}  "
                  f"cpu {stats['server_cpu_ms_per_request']['median']} ms/request", flush=True)


def _headline(results: dict[str, Any]) -> list[util.Headline]:
    rows = []
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    for label, numbers in results.items():
        for server, found in numbers["servers"].items():
            for choice, stats in found["lists"].items():
                p99 = stats["p99_ms"]
                rows.append(util.Headline(
                    what=(f"Screening API, one name per request, lists: {choice}, {names.get(label, label)}, "
                          f"gunicorn {server} worker (HTTP request)"),
                    target=f"p99 < {TARGET_P99_MS:.0f} ms, one client",
                    measured=f"p99 {util.median_range(p99, util.ms)}", met=p99["median"] < TARGET_P99_MS))
    return rows


if __name__ == "__main__":
    main()
