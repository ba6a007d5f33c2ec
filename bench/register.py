"""Register benchmark: import rate, and public search latency through the HTTP stack.

Builds a 100,000-entry register in a throw-away database (SQLite under var/bench/,
and PostgreSQL database `bench_register` when reachable), imports it with the real
`adaldyq register import` command, starts the real server (`adaldyq serve`, gunicorn),
and sends name queries in mixed scripts from one client, one at a time.

Targets (issue 2): import of 100,000 rows under 60 s; search p99 under 50 ms.
Writes var/bench/register.json.
"""

from __future__ import annotations

import csv
import datetime
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench"
ROWS = int(os.environ.get("BENCH_REGISTER_ROWS", "100000"))
QUERIES = int(os.environ.get("BENCH_REGISTER_QUERIES", "1000"))
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_register"

# Surnames are built from roots so 100,000 people have realistic variety
# (thousands of surnames, each shared by a few dozen people).
ROOTS = [
    ("Әбіл", "Абил", "Abil"), ("Бай", "Бай", "Bai"), ("Жақсы", "Жаксы", "Zhaksy"), ("Қасым", "Касым", "Kassym"),
    ("Нұрлан", "Нурлан", "Nurlan"), ("Омар", "Омар", "Omar"), ("Сейіт", "Сеит", "Seit"), ("Төле", "Туле", "Tule"),
    ("Ысқақ", "Искак", "Iskak"), ("Есен", "Есен", "Yessen"), ("Мұхамед", "Мухамед", "Mukhamed"), ("Серік", "Серик", "Serik"),
    ("Құдайберген", "Кудайберген", "Kudaibergen"), ("Әмір", "Амир", "Amir"), ("Бек", "Бек", "Bek"), ("Жұма", "Жума", "Zhuma"),
    ("Ермек", "Ермек", "Yermek"), ("Рахым", "Рахим", "Rakhim"), ("Тоқ", "Ток", "Tok"), ("Сәрсен", "Сарсен", "Sarsen"),
    ("Ұзақ", "Узак", "Uzak"), ("Бөкей", "Букей", "Bukei"), ("Қожа", "Кожа", "Kozha"), ("Мәлік", "Малик", "Malik"),
    ("Шәріп", "Шарип", "Sharip"), ("Ғали", "Гали", "Gali"), ("Дәулет", "Даулет", "Daulet"), ("Еркін", "Еркин", "Yerkin"),
    ("Жанұзақ", "Жанузак", "Zhanuzak"), ("Күміс", "Кумис", "Kumis"), ("Ләззат", "Ляззат", "Lyazzat"), ("Мұрат", "Мурат", "Murat"),
]
MIDDLES = [("", "", ""), ("бай", "бай", "bai"), ("бек", "бек", "bek"), ("жан", "жан", "zhan"), ("ғали", "гали", "gali"),
           ("құл", "кул", "kul"), ("тай", "тай", "tai"), ("бер", "бер", "ber"), ("хан", "хан", "khan"), ("сұлтан", "султан", "sultan")]
ENDS = [("ов", "ов", "ov"), ("ев", "ев", "yev"), ("ин", "ин", "in")]


def build_feed(path: Path) -> list[dict[str, str]]:
    from adaldyq.register.demo import generate

    rng = random.Random(7)
    rows = generate(seed=7, count=ROWS, today=datetime.date.today())
    for n, row in enumerate(rows):
        root, middle, end = rng.choice(ROOTS), rng.choice(MIDDLES), rng.choice(ENDS)
        kk, ru, lat = (root[i] + middle[i] + end[i] for i in range(3))
        given_kk, given_ru = row["name_kk"].split()[1], row["given_name"]
        patr_kk, patr_ru = row["name_kk"].split()[2], row["patronymic"]
        given_lat = row["name_latin"].split()[1]
        row.update(record_id=f"BENCH-{n:06d}", surname=ru, name_ru=f"{ru} {given_ru} {patr_ru}",
                   name_kk=f"{kk} {given_kk} {patr_kk}", name_latin=f"{lat.upper()} {given_lat}")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


def queries(rows: list[dict[str, str]]) -> list[str]:
    """Names as people type them: any script, any order, with or without patronymic, initials."""
    rng = random.Random(11)
    out = []
    for _ in range(QUERIES):
        row = rng.choice(rows)
        kk, ru, lat = row["name_kk"].split(), row["name_ru"].split(), row["name_latin"].split()
        form = rng.randrange(6)
        if form == 0:
            out.append(" ".join(kk))
        elif form == 1:
            out.append(f"{ru[0]} {ru[1]}")
        elif form == 2:
            out.append(f"{lat[1]} {lat[0].title()}")
        elif form == 3:
            out.append(f"{ru[0]} {ru[1][0]}. {ru[2][0]}.")
        elif form == 4:
            out.append(lat[0])
        else:
            out.append(f"{kk[1]} {ru[0]}")  # mixed scripts in one query
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "adaldyq", *args], env=env, check=True, capture_output=True, text=True)


def measure(label: str, env: dict[str, str], feed: Path, rows: list[dict[str, str]]) -> dict[str, object]:
    run(env, "migrate", "--noinput")
    started = time.perf_counter()
    run(env, "register", "import", str(feed))
    import_seconds = time.perf_counter() - started
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "adaldyq", "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        latencies, hits = [], 0
        qs = queries(rows)
        for q in qs[:20]:  # warm-up
            conn.request("GET", "/api/v1/register?" + urllib.parse.urlencode({"q": q}))
            conn.getresponse().read()
        for q in qs:
            t = time.perf_counter()
            conn.request("GET", "/api/v1/register?" + urllib.parse.urlencode({"q": q}))
            body = conn.getresponse().read()
            latencies.append((time.perf_counter() - t) * 1000)
            hits += json.loads(body)["count"] > 0
    finally:
        server.terminate()
        server.wait(10)
    latencies.sort()
    result = {
        "database": label, "rows": ROWS, "import_seconds": round(import_seconds, 2),
        "import_rows_per_second": round(ROWS / import_seconds), "queries": len(latencies),
        "queries_with_results": hits, "search_p50_ms": round(statistics.median(latencies), 2),
        "search_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2), "search_max_ms": round(latencies[-1], 2),
    }
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    import django

    django.setup()
    feed = OUT / "register-feed.csv"
    rows = build_feed(feed)
    print(f"feed: {ROWS} rows in {feed}", flush=True)
    results = []
    sqlite_file = OUT / "register.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    results.append(measure("sqlite", {**base, "DATABASE_URL": f"sqlite:///{sqlite_file}"}, feed, rows))
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_register")
            conn.execute("CREATE DATABASE bench_register")
        results.append(measure("postgresql", {**base, "DATABASE_URL": PG_URL}, feed, rows))
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable, skipped: {exc}")
    (OUT / "register.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
