"""Register benchmark: the import of 100,000 rows, and public search latency for one client.

Data: a synthetic 100,000-row feed (names built from Kazakh roots, each entry with
Kazakh, Russian and Latin spellings; about a thousand surnames, each shared by about a
hundred people), written once under var/bench/.

One run, for each database (a fresh SQLite file; a fresh PostgreSQL database
`bench_register` when reachable):

1. `adaldyq migrate`, then `adaldyq register import FEED` timed as the whole command
   (process start to exit), as an operator runs it;
2. `adaldyq serve` (gunicorn, 2 workers) with the per-address rate limit set to
   1,000,000 searches a minute, so the single loopback client is never throttled (the
   limiter itself still runs on every request);
3. 20 warm-up queries (not measured), then 1,000 name queries `GET /api/v1/register?q=`,
   one at a time on one keep-alive connection, timed from sending the request to
   reading the whole body; in mixed scripts and orders, with and without patronymic or
   initials, beginnings of names and names with one typo;
4. the costliest queries a citizen can send (a three-letter beginning shared by many
   names, a common given name alone, a two-letter word), each timed 20 times.

Targets (issues 2 and 12): import under 60 s; search p99 under 50 ms. Three runs;
each figure is the median of the runs with their range. Writes bench/results/register.json.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import time
import urllib.parse
from pathlib import Path
from typing import Any

from bench import util

ROWS = int(os.environ.get("BENCH_REGISTER_ROWS", "100000"))
QUERIES = int(os.environ.get("BENCH_REGISTER_QUERIES", "1000"))
WARM_UP = 20
TARGET_IMPORT_S = 60.0
TARGET_P99_MS = 50.0
# The bench's one client is not an abuser: the limit is set explicitly out of its way.

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
COSTLY = ["Абы", "Бай", "Nur", "Arman", "Ерлан", "Ab", "Kassym", "Серик"]


def build_feed(path: Path) -> list[dict[str, str]]:
    from adaldyq.register.demo import generate

    rng = random.Random(7)
    rows = generate(seed=7, count=ROWS, today=dt.date.today())
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


def _typo(word: str, rng: random.Random) -> str:
    """One letter changed in the middle of the word (never the first)."""
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + rng.choice("aeioukstrn") + word[at + 1:]


def queries(rows: list[dict[str, str]], count: int = QUERIES, seed: int = 11) -> list[str]:
    """Names as people type them: any script, any order, with or without patronymic,
    initials, the beginning of a surname, a surname with one typo."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        row = rng.choice(rows)
        kk, ru, lat = row["name_kk"].split(), row["name_ru"].split(), row["name_latin"].split()
        form = rng.randrange(8)
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
        elif form == 5:
            out.append(f"{kk[1]} {ru[0]}")  # mixed scripts in one query
        elif form == 6:
            out.append(ru[0][: rng.randrange(4, 7)])  # the beginning of a surname
        else:
            out.append(_typo(lat[0].title(), rng) + f" {lat[1]}")  # one typo in the surname
    return out


def _get(conn: util.Connection, q: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    conn.request("GET", "/api/v1/register?" + urllib.parse.urlencode({"q": q}))
    response = conn.getresponse()
    body = response.read()
    return (time.perf_counter() - started) * 1000, response.status, body


def search_run(server: util.Server, qs: list[str]) -> dict[str, Any]:
    conn = server.connection()
    for q in qs[:WARM_UP]:
        _get(conn, q)
    latencies, hits = [], 0
    for q in qs:
        elapsed, status, body = _get(conn, q)
        if status != 200:
            raise RuntimeError(f"{q!r}: {status} {body[:200]!r}")
        latencies.append(elapsed)
        hits += json.loads(body)["count"] > 0
    costly = {}
    for q in COSTLY:
        timings = [_get(conn, q)[0] for _ in range(20)]
        costly[q] = util.latency_summary(timings)
    return {**util.latency_summary(latencies), "queries_with_results": hits, "costly_queries": costly,
            "costly_max_ms": max(c["max_ms"] for c in costly.values())}


def one_run(label: str, url: str, feed: Path, qs: list[str]) -> dict[str, Any]:
    env = util.base_env(DATABASE_URL=url, **util.UNTHROTTLED)
    util.adaldyq(env, "migrate", "--noinput")
    import_s, _ = util.timed(lambda: util.adaldyq(env, "register", "import", str(feed)))
    with util.server(env, "--workers", "2") as server:
        search = search_run(server, qs)
    result = {"database": label, "import_seconds": round(import_s, 2), "import_rows_per_second": round(ROWS / import_s),
              **search}
    print(json.dumps({k: v for k, v in result.items() if k != "costly_queries"}), flush=True)
    return result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adaldyq.settings")
    import django

    django.setup()
    recording = util.Recording()
    util.WORK.mkdir(parents=True, exist_ok=True)
    feed = util.WORK / "register-feed.csv"
    rows = build_feed(feed)
    qs = queries(rows)
    print(f"feed: {ROWS} rows in {feed}", flush=True)
    results: dict[str, Any] = {}
    headline = []
    for label in ("sqlite", "postgresql"):
        runs = []
        for _ in range(util.RUNS):
            url = util.sqlite_url("register") if label == "sqlite" else util.postgres_url("bench_register")
            if url is None:
                break
            runs.append(one_run(label, url, feed, qs))
        if not runs:
            continue
        stats = util.over_runs(runs, "import_seconds", "p50_ms", "p99_ms", "max_ms", "costly_max_ms")
        results[label] = {"runs": runs, **stats}
        headline += [
            util.Headline(f"register import, {ROWS:,} rows ({label})", f"< {TARGET_IMPORT_S:.0f} s",
                          util.median_range(stats["import_seconds"], util.seconds),
                          stats["import_seconds"]["median"] < TARGET_IMPORT_S),
            util.Headline(f"register search p99, one client, {ROWS:,} entries ({label})", f"< {TARGET_P99_MS:.0f} ms",
                          util.median_range(stats["p99_ms"], util.ms), stats["p99_ms"]["median"] < TARGET_P99_MS),
        ]
    util.write_result(
        "register", recording,
        timed_what=("import: the whole `adaldyq register import FEED` command, process start to exit, after "
                    "`migrate` on a fresh database; search: one HTTP GET /api/v1/register?q= through gunicorn "
                    "(`adaldyq serve --workers 2`, rate limit set out of the way), request sent to body read, "
                    f"{QUERIES} queries after {WARM_UP} warm-up, one client, keep-alive"),
        data=(f"{ROWS:,} synthetic entries (bench/register.py build_feed: about a thousand surnames from Kazakh "
              "roots, each entry in Kazakh, Russian and Latin spelling); queries in mixed scripts, orders, "
              "with initials, beginnings of surnames and one-typo surnames"),
        results=results, headline=headline,
    )


if __name__ == "__main__":
    main()
