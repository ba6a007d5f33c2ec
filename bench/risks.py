"""Risks benchmark: the staff dashboard and the public page with the full demo data set.

Target (issue 6): the dashboard for 2,000+ recommendations renders in under 300 ms on
SQLite. The measurement runs in a child process with its own throw-away SQLite file
(under var/bench/), so it never touches the development database or another part's
benchmark: migrate, load the demo (six sectors, 2,160 recommendations in every status),
then request each page through Django's test Client (the whole middleware, view, query
and template stack; no network) and report p50/p99 and the number of SQL queries.
Writes var/bench/risks.json.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench"
REQUESTS = int(os.environ.get("BENCH_RISKS_REQUESTS", "200"))
WARM_UP = 5
TARGET_MS = 300.0
PAGES = {
    "staff_dashboard": ("/en/staff/risks/", "risk.analyst"),
    "staff_dashboard_body_officer": ("/en/staff/risks/", "officer.trn-1"),
    "public_page": ("/kk/risks/", None),
    "public_summary_json": ("/api/v1/risks/summary", None),
    "staff_list_overdue": ("/en/staff/risks/recommendations/?overdue=true", "risk.analyst"),
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure() -> dict[str, Any]:
    """Runs in the child process, with DATABASE_URL already pointing at a fresh file."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from adaldyq.risks import demo

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started
    started = time.perf_counter()
    summary = demo.load(seed=2026)
    demo_s = time.perf_counter() - started
    results: dict[str, Any] = {}
    for name, (url, username) in PAGES.items():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        for _ in range(WARM_UP):
            assert client.get(url).status_code == 200, url
        queries: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any, sink: list[str] = queries) -> Any:
            sink.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        times = []
        for _ in range(REQUESTS):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        results[name] = {
            "url": url, "user": username, "requests": REQUESTS, "bytes": len(response.content),
            "queries": len(queries),
            "p50_ms": round(statistics.median(times), 2), "p99_ms": round(percentile(times, 99), 2),
            "max_ms": round(max(times), 2),
        }
    return {"demo": summary, "migrate_s": round(migrate_s, 2), "demo_load_s": round(demo_s, 2), "pages": results}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="risks-", dir=OUT) as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "ADALDYQ_VAR_DIR": tmp,
               "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        child = subprocess.run([sys.executable, "-m", "bench.risks", "--child"], env=env, cwd=ROOT,
                               capture_output=True, text=True, check=False)
    if child.returncode != 0:
        sys.stderr.write(child.stderr)
        raise SystemExit(f"risks benchmark failed (exit {child.returncode})")
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    dashboard = measured["pages"]["staff_dashboard"]
    report = {
        "part": "risks",
        "database": "sqlite (file, WAL)",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "target": f"staff dashboard p99 < {TARGET_MS:.0f} ms with > 2,000 recommendations",
        "target_met": dashboard["p99_ms"] < TARGET_MS,
        **measured,
    }
    (OUT / "risks.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(measured["demo"])
    for name, row in measured["pages"].items():
        print(f"{name:32} p50 {row['p50_ms']:7.2f} ms  p99 {row['p99_ms']:7.2f} ms  "
              f"{row['queries']:3d} queries  {row['bytes']:7d} bytes")
    print(f"target (dashboard p99 < {TARGET_MS:.0f} ms): {'met' if report['target_met'] else 'MISSED'}")
    print(f"written: {OUT / 'risks.json'}")


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(measure(), default=str))
    else:
        main()
