"""Screening API benchmark: single-name latency of POST /api/v1/screen, one client.

Builds a throw-away SQLite database under var/bench/ (and PostgreSQL database
`bench_screening_api` when reachable) with the demo data (`adaldyq
demo`: the synthetic register and the demo lists) and a 100,000-entry synthetic
person list loaded with the real `adaldyq lists load`, starts the real server
(`adaldyq serve`, gunicorn, one worker so the one per-process index is warm), and
sends 1,000 single-name POSTs one after another, for two list choices: the register
alone, and the register with the 100,000-entry list. Two server set-ups: gunicorn's
sync worker (`--threads 1`, one connection per request) and the gthread worker that
`adaldyq serve` uses by default (`--threads 4`, keep-alive), which measured slower
for one client on keep-alive connections.

Besides wall-clock latency it reports the server's CPU time per request and the
machine's load average, because the latency of a shared machine says as much about
the neighbours as about us.

Each measured request does everything a real one does: token check and the
database-backed rate limit, screening, the screening log with its names, and the
API call log. Target (issue 3): p99 under 20 ms with one client.
Writes var/bench/screening_api.json.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench"
LIST_SIZE = int(os.environ.get("BENCH_SCREENING_LIST", "100000"))
REQUESTS = int(os.environ.get("BENCH_SCREENING_REQUESTS", "1000"))
WARM_UP = 30
TARGET_P99_MS = 20.0
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_screening_api"


def synthetic_people(count: int, seed: int = 17) -> tuple[list[str], list[str]]:
    """Names for the big list, and 'queries': other spellings of some of them plus unrelated names."""
    try:
        from bench.synthetic_names import NameGenerator
    except ImportError:  # pragma: no cover - the generator ships with the matching benchmark
        import datetime as dt

        from adaldyq.register.demo import generate

        rows = generate(seed, count, dt.date.today())
        return [r["name_kk"] for r in rows], [r["name_latin"] for r in rows[: REQUESTS // 2]]
    generator = NameGenerator(seed)
    people = [generator.person() for _ in range(count)]
    names = [generator.full_name(p) for p in people]
    rng = random.Random(seed)
    variants = [generator.variant(p) for p in rng.sample(people, REQUESTS // 2)]
    return names, variants


def write_list(path: Path, names: list[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for n, name in enumerate(names):
            entity = {"id": f"bench-{n:06d}", "schema": "Person", "properties": {"name": [name]}}
            handle.write(json.dumps(entity, ensure_ascii=False) + "\n")


class Connection(http.client.HTTPConnection):
    """As requests/urllib3 do: http.client sends headers and body in two writes, which
    Nagle's algorithm would hold back for the server's delayed ACK. Also on the
    reconnections a `Connection: close` server causes."""

    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


# One worker process, so its one per-process index is warm for every request.
SERVERS = {
    "sync": ["--workers", "1", "--threads", "1"],  # gunicorn's sync worker: a connection per request
    "gthread": ["--workers", "1", "--threads", "4"],  # the `adaldyq serve` default threads, keep-alive
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def adaldyq(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "adaldyq", *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout


def issue_token(env: dict[str, str]) -> str:
    code = ("from adaldyq.core import tokens; "
            "print(tokens.issue('bench', ['screen'], rate_per_minute=1_000_000, daily_names=1_000_000_000).plaintext)")
    return adaldyq(env, "shell", "-c", code).strip().splitlines()[-1]


def register_names(env: dict[str, str]) -> list[str]:
    code = ("from adaldyq.register.models import Conviction; import json; "
            "print(json.dumps([c.person.name_latin or c.person.full_name for c in "
            "Conviction.objects.public().select_related('person')]))")
    return list(json.loads(adaldyq(env, "shell", "-c", code).strip().splitlines()[-1]))


def wait_until_up(port: int) -> None:
    for _ in range(150):
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/health")
            if probe.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)


def worker_pid(master: int) -> int:
    """The one gunicorn worker (the child of the master process)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0]) if children else master


def post(conn: Connection, token: str, body: dict[str, object]) -> tuple[float, dict[str, object]]:
    payload = json.dumps(body).encode()
    started = time.perf_counter()
    conn.request("POST", "/api/v1/screen", payload, {"Authorization": f"Bearer {token}",
                                                      "Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"{response.status}: {data[:300]!r}")
    return elapsed, json.loads(data)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux), to tell our cost from a busy machine's."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(conn: Connection, token: str, names: list[str], lists: list[str],
            server_pid: int) -> dict[str, object]:
    for name in names[:WARM_UP]:
        post(conn, token, {"queries": [{"id": "w", "name": name}], "lists": lists})
    cpu_before = cpu_seconds(server_pid)
    latencies, with_matches = [], 0
    for n, name in enumerate(names[:REQUESTS]):
        elapsed, data = post(conn, token, {"queries": [{"id": str(n), "name": name}], "lists": lists})
        latencies.append(elapsed)
        results = data["results"]
        assert isinstance(results, list)
        with_matches += bool(results[0]["matches"])
    server_cpu_ms = (cpu_seconds(server_pid) - cpu_before) * 1000 / len(latencies)
    latencies.sort()
    return {
        "lists": lists, "requests": len(latencies), "requests_with_matches": with_matches,
        "server_cpu_ms_per_request": round(server_cpu_ms, 2), "load_average_1min": round(os.getloadavg()[0], 2),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 2),
        "max_ms": round(latencies[-1], 2), "target_p99_ms": TARGET_P99_MS,
    }


def run_database(label: str, env: dict[str, str], names: list[str], variants: list[str]) -> dict[str, object]:
    adaldyq(env, "migrate", "--noinput")
    adaldyq(env, "demo")
    list_file = OUT / "screening-list.jsonl"
    write_list(list_file, names)
    started = time.perf_counter()
    adaldyq(env, "lists", "load", "bench-100k", str(list_file), "--replace")
    load_seconds = time.perf_counter() - started
    token = issue_token(env)
    rng = random.Random(5)
    on_register = register_names(env)
    queries = [rng.choice(on_register) if n % 2 else variants[n % len(variants)] for n in range(REQUESTS + WARM_UP)]
    rng.shuffle(queries)
    runs, first_calls = [], {}
    for server_label, options in SERVERS.items():
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "adaldyq", "serve", "--port", str(port), *options],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(port)
            conn = Connection("127.0.0.1", port, timeout=120)
            started = time.perf_counter()
            post(conn, token, {"queries": [{"id": "first", "name": "Омаров Ерлан"}], "lists": ["register", "bench-100k"]})
            first_calls[server_label] = round(time.perf_counter() - started, 2)
            worker = worker_pid(server.pid)
            for lists in (["register"], ["register", "bench-100k"]):
                runs.append({"server": f"gunicorn {server_label} ({' '.join(options)})",
                             **measure(conn, token, queries, lists, worker)})
        finally:
            server.terminate()
            server.wait(10)
    result: dict[str, object] = {"database": label, "cpus": os.cpu_count(), "list_entries": LIST_SIZE,
              "list_load_seconds": round(load_seconds, 2), "first_call_builds_indexes_seconds": first_calls,
              "runs": runs}
    print(json.dumps(result, indent=2), flush=True)
    return result


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    names, variants = synthetic_people(LIST_SIZE)
    database = OUT / "screening_api.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base["ADALDYQ_VAR_DIR"] = str(OUT / "screening_var")
    results = [run_database("sqlite", {**base, "DATABASE_URL": f"sqlite:///{database}"}, names, variants)]
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_screening_api")
            conn.execute("CREATE DATABASE bench_screening_api")
        results.append(run_database("postgresql", {**base, "DATABASE_URL": PG_URL}, names, variants))
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable, skipped: {exc}")
    (OUT / "screening_api.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
