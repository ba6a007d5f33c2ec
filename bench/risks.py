"""Benchmark: the risks staff dashboard and public page with 2,160 recommendations, through HTTP.

`make bench-risks` (`python -m bench risks`):

1. migrates a fresh SQLite file (var/bench/risks.sqlite3) and a fresh PostgreSQL
   database `bench_risks`, and loads the risks demo (six sectors, 24 bodies, 360
   findings, 2,160 recommendations in every status, with their history);
2. logs two staff users in (a session for the risk analyst, who sees all 2,160, and one
   for a body officer, who sees the body's own), as the login page would;
3. starts the real server (`adaldyq serve`: gunicorn with its default workers and
   threads) and times, from one client, one request after another: the staff dashboard
   (analyst and body officer), the overdue list, the public page `/kk/risks/` and its
   JSON twin `/api/v1/risks/summary`; each figure is a whole HTTP request, from sending
   it to reading the last byte;
4. repeats step 3 in `bench.util.RUNS` runs, each with a freshly started server, after
   warm-up requests that are not counted; reports each run's p50/p99 (nearest rank) and
   the median and range over the runs.

The number of SQL queries each page makes is counted once, in-process, for the
breakdown. Target (issue 6): the dashboard with more than 2,000 recommendations under
300 ms. Writes bench/results/risks.json. `BENCH_RISKS_DB` names the databases (default
`risks`).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from typing import Any

from bench import util

REQUESTS = int(os.environ.get("BENCH_RISKS_REQUESTS", "200"))
WARM_UP = 10
TARGET_MS = 300.0
DB_NAME = os.environ.get("BENCH_RISKS_DB", "risks")
ANALYST, OFFICER = "risk.analyst", "officer.trn-1"
PAGES = {  # name: (path, user or None for the public)
    "staff dashboard, analyst": ("/en/staff/risks/", ANALYST),
    "staff dashboard, body officer": ("/en/staff/risks/", OFFICER),
    "staff list, overdue": ("/en/staff/risks/recommendations/?overdue=true", ANALYST),
    "public page": ("/kk/risks/", None),
    "public JSON twin": ("/api/v1/risks/summary", None),
}


def main() -> None:
    recording = util.Recording()
    results: dict[str, Any] = {}
    for label, url in util.databases(DB_NAME):
        env = util.base_env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="adaldyq.settings", **util.UNTHROTTLED,
                            ADALDYQ_SECRET_KEY=secrets.token_urlsafe(32),
                            ADALDYQ_VAR_DIR=str(util.WORK / f"{DB_NAME}-{label}-var"))
        util.adaldyq(env, "migrate", "--noinput")
        prepared = _child(env)
        print(f"[risks] {label}: {prepared['demo']}", flush=True)
        results[label] = {"demo": prepared["demo"], "recommendations": prepared["recommendations"],
                          "pages": _time_pages(env, prepared["sessions"], prepared["queries"])}
        for name, page in results[label]["pages"].items():
            print(f"[risks] {label:10s} {name:30s} p50 {page['p50_ms']['median']:7.1f} ms  "
                  f"p99 {page['p99_ms']['median']:7.1f} ms  ({page['p99_ms']['min']}–{page['p99_ms']['max']})  "
                  f"{page['sql_queries']} queries", flush=True)
    util.write_result(
        "risks", recording,
        timed_what=("whole HTTP requests to the real server (`adaldyq serve`, gunicorn defaults), one client, "
                    "one request after another on a keep-alive connection, staff pages with a logged-in "
                    f"session: {', '.join(p for p, _ in PAGES.values())}; {REQUESTS} requests per URL per run "
                    f"after {WARM_UP} warm-up requests, {util.RUNS} runs each with a fresh server"),
        data=("the risks demo (seed 2026): 6 sectors, 24 bodies, 360 findings, 2,160 recommendations in every "
              "status with their history, in a fresh SQLite file and a fresh PostgreSQL database"),
        results=results, headline=_headline(results))


def _headline(results: dict[str, Any]) -> list[util.Headline]:
    rows = []
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    for label, numbers in results.items():
        count = f"{numbers['recommendations']:,}"
        for name, what in (("staff dashboard, analyst", f"Risks staff dashboard, analyst, {count} recommendations"),
                           ("public page", f"Risks public page /kk/risks/, {count} recommendations")):
            p99 = numbers["pages"][name]["p99_ms"]
            rows.append(util.Headline(
                what=f"{what}, {names.get(label, label)} (HTTP request)", target=f"p99 < {TARGET_MS:.0f} ms",
                measured=f"p99 {util.median_range(p99, util.ms)}", met=p99["median"] < TARGET_MS))
    return rows


def _time_pages(env: dict[str, str], sessions: dict[str, str], queries: dict[str, int]) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in PAGES}
    for _ in range(util.RUNS):
        with util.server(env) as srv:
            for name, (path, user) in PAGES.items():
                headers = {"Cookie": f"sessionid={sessions[user]}"} if user else {}
                runs[name].append(util.time_gets(srv, path, requests=REQUESTS, warm_up=WARM_UP, headers=headers))
    return {name: {"url": PAGES[name][0], "user": PAGES[name][1], "bytes": found[-1]["bytes"],
                   "sql_queries": queries[name], **util.over_runs(found, "p50_ms", "p99_ms", "max_ms"),
                   "runs": found}
            for name, found in runs.items()}


def _child(env: dict[str, str]) -> dict[str, Any]:
    """This file again, in a child process with Django set up on the bench database."""
    done = subprocess.run([sys.executable, "-m", "bench.risks", "--prepare"], env=env, cwd=util.ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench.risks --prepare failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# --- inside the child process -------------------------------------------------------------

def prepare() -> dict[str, Any]:
    """Load the demo; a session per staff user; the SQL queries of each page (in-process)."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from adaldyq.risks import demo
    from adaldyq.risks.models import Recommendation

    summary = demo.load(seed=2026)
    clients, sessions = {}, {}
    for username in (ANALYST, OFFICER):
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username], sessions[username] = client, client.cookies["sessionid"].value
    queries = {}
    for name, (path, user) in PAGES.items():
        client = clients[user] if user else Client()
        client.get(path)  # the first request fills per-process caches; count a later one
        seen: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any, sink: list[str] = seen) -> Any:
            sink.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        queries[name] = len(seen)
    return {"demo": summary, "recommendations": Recommendation.objects.count(), "sessions": sessions,
            "queries": queries}


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        print(json.dumps(prepare(), default=str))
    else:
        main()
