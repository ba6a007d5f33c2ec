"""The one benchmark harness: machine facts, timing, percentiles, servers, databases, results.

Every benchmark in `bench/` uses these helpers, so that every number in the README is
measured and reported the same way:

* **Percentile** (`percentile`): the nearest-rank definition, the smallest measured value
  with at least p% of all values at or below it (`sorted[ceil(p/100 * n) - 1]`). No
  interpolation: a p99 is always a latency that some request really had.
* **Warm-up** requests or runs are made and thrown away before measuring (`warm_up`
  arguments); they never enter a percentile.
* **Runs**: a figure is measured in at least three independent runs (`RUNS`), and the
  result gives the median of the runs with the spread (min and max), never the best run.
* **Load**: the 1-, 5- and 15-minute load averages before and after, so a reader can tell
  a quiet machine from a busy one.
* **Result file**: `write_result(part, ...)` writes `bench/results/<part>.json`
  (committed) with the machine facts, the commit, the date, what exactly was timed, on
  what data, and `headline` rows that `bench/report.py` turns into the README table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import math
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"  # scratch: generated data, throw-away databases (not committed)
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PG_SERVER = os.environ.get("ADALDYQ_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
VERSIONS = ("Django", "duckdb", "psycopg", "RapidFuzz", "gunicorn", "polars", "pyarrow", "pyspark", "ocdscardinal")


# --- statistics -----------------------------------------------------------------------

def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def latency_summary(milliseconds: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of one run's latencies, in ms, rounded to 0.01 ms."""
    return {
        "requests": len(milliseconds),
        "p50_ms": round(percentile(milliseconds, 50), 2),
        "p95_ms": round(percentile(milliseconds, 95), 2),
        "p99_ms": round(percentile(milliseconds, 99), 2),
        "max_ms": round(max(milliseconds), 2),
    }


def spread(values: Sequence[float], digits: int = 2) -> dict[str, Any]:
    """The median of several runs' values, with min, max and every value."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "runs": [round(v, digits) for v in values],
    }


def over_runs(runs: Sequence[dict[str, Any]], *keys: str, digits: int = 2) -> dict[str, dict[str, Any]]:
    """For each key, `spread` of that key across the runs' result dicts."""
    return {key: spread([float(r[key]) for r in runs], digits) for key in keys}


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


# --- the machine --------------------------------------------------------------------------

def load_average() -> dict[str, float]:
    one, five, fifteen = os.getloadavg()
    return {"1min": round(one, 2), "5min": round(five, 2), "15min": round(fifteen, 2)}


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


CALIBRATION_LOOP = 3_000_000


def calibration_ms() -> float:
    """One core's speed, so results from different machines of one model name can be
    told apart: the median of five timings of a fixed pure-Python loop (lower is faster)."""
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(CALIBRATION_LOOP):
            total += i * i % 7
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def machine() -> dict[str, Any]:
    """What the numbers were measured on: cores, memory, CPU, OS, Python, package versions."""
    versions = {}
    for name in VERSIONS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return {
        "cores": os.cpu_count(),
        "affinity_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gib": _memory_gib(),
        "cpu": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
    }


def commit() -> dict[str, Any]:
    return {"sha": _git("rev-parse", "HEAD"), "dirty": bool(_git("status", "--porcelain", "--untracked-files=no"))}


# --- processes, servers, databases ---------------------------------------------------

def adaldyq(env: dict[str, str], *args: str, timeout: float | None = None) -> str:
    """Run the `adaldyq` command as a user would; its stdout. Fails loudly with its stderr."""
    done = subprocess.run([sys.executable, "-m", "adaldyq", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"adaldyq {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Connection(http.client.HTTPConnection):
    """http.client with Nagle off: it sends headers and body in two writes, which Nagle
    would hold back for the server's delayed ACK (40 ms added to a POST)."""

    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connection(self, timeout: float = 60) -> Connection:
        return Connection("127.0.0.1", self.port, timeout=timeout)

    def worker_pids(self) -> list[int]:
        """gunicorn's workers (the master's children), to read their CPU time."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []


def cpu_seconds(pid: int, *, ended_children: bool = False) -> float:
    """User + system CPU seconds of a process (Linux), with those of its children that
    ended and were waited for when `ended_children`."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    counted = fields[11:15] if ended_children else fields[11:13]  # utime stime [cutime cstime]
    return sum(int(f) for f in counted) / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float | None:
    """CPU seconds used so far by PostgreSQL on this machine, or None when no PostgreSQL
    process can be read (a database on another host). Each process counts its own time
    and, as the kernel adds it on exit, that of its ended children: a connection that
    closes during a run still counts (the server's backends are the postmaster's children)."""
    total, found = 0.0, False
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            total += cpu_seconds(int(entry.name), ended_children=True)
        except OSError:
            continue  # the process ended while we looked
        found = True
    return total if found else None


@contextlib.contextmanager
def server(env: dict[str, str], *options: str, ready_path: str = "/health", wait_s: float = 60) -> Iterator[Server]:
    """`adaldyq serve` (gunicorn) on a free port, up and answering `ready_path`; stopped after."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "adaldyq", "serve", "--host", "127.0.0.1", "--port", str(port),
                                *options], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode} before answering")
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                probe.request("GET", ready_path)
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer {ready_path} within {wait_s:.0f} s")
            time.sleep(0.2)
        yield Server(port, process)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def production_env() -> None:
    """Benchmarks measure the production configuration (debug off), so set what
    production requires, unless the caller did: a fresh secret key, the loopback host
    names, and plain HTTP (benchmark servers have no TLS proxy in front)."""
    if os.environ.get("ADALDYQ_DEBUG") == "1":
        return
    os.environ.setdefault("ADALDYQ_SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
    os.environ.setdefault("ADALDYQ_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("ADALDYQ_HTTPS", "0")


# Every benchmark client comes from 127.0.0.1, which the per-address limits would (rightly)
# refuse after a few hundred requests; benchmarks lift them explicitly (the limiter still
# runs on every request, so its cost is measured).
UNTHROTTLED = {f"ADALDYQ_RATE_LIMIT_{bucket}": "1000000/m" for bucket in ("SEARCH", "PAGES", "EXPORTS", "LOG")}


def base_env(**extra: str) -> dict[str, str]:
    """The environment for a child `adaldyq`: ours without DATABASE_URL, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def sqlite_url(name: str) -> str:
    """A fresh SQLite file under var/bench/ (any old one and its WAL removed)."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def postgres_url(name: str) -> str | None:
    """A fresh PostgreSQL database `name` (dropped and re-created), or None when unreachable."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"PostgreSQL at {PG_SERVER} unreachable, skipped: {exc}", file=sys.stderr)
        return None
    return f"{PG_SERVER}/{name}"


def databases(name: str) -> list[tuple[str, str]]:
    """(label, DATABASE_URL) for a fresh SQLite file and, when reachable, a fresh PostgreSQL database."""
    found = [("sqlite", sqlite_url(name))]
    pg = postgres_url(f"bench_{name}")
    if pg:
        found.append(("postgresql", pg))
    return found


# --- results --------------------------------------------------------------------------

@dataclass
class Headline:
    """One row of the README's table: what, its target, and the measured figure as text."""

    what: str
    target: str
    measured: str
    met: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"what": self.what, "target": self.target, "measured": self.measured, "met": self.met}


class Recording:
    """Collects the load average before the work; `write_result` adds the rest after."""

    def __init__(self) -> None:
        self.load_before = load_average()
        self.started = dt.datetime.now(dt.UTC)
        self.calibration_ms = calibration_ms()


def write_result(part: str, recording: Recording, *, timed_what: str, data: str, results: Any,
                 headline: Sequence[Headline]) -> Path:
    """Write bench/results/<part>.json: the machine, the commit, the load, what was timed, results."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "part": part,
        "date": recording.started.date().isoformat(),
        "started": recording.started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": {**machine(), "calibration_ms": recording.calibration_ms,
                    "calibration": f"median ms of five runs of a {CALIBRATION_LOOP:,}-step pure-Python loop"},
        "load_average": {"before": recording.load_before, "after": load_average()},
        "timed": timed_what,
        "data": data,
        "method": {"runs": RUNS, "percentile": "nearest rank", "warm_up": "excluded",
                   "figure": "median of the runs, with min and max"},
        "headline": [h.as_dict() for h in headline],
        "results": results,
    }
    path = RESULTS / f"{part}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"[{part}] written {path.relative_to(ROOT)}", flush=True)
    return path


def ms(value: float) -> str:
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def seconds(value: float) -> str:
    return f"{value:.1f} s"


def median_range(stat: dict[str, Any], fmt: Callable[[float], str]) -> str:
    """'12.3 ms (11.9–13.0)': the median of the runs and their range."""
    return f"{fmt(stat['median'])} ({fmt(stat['min']).split()[0]}–{fmt(stat['max'])})"


# --- pages through a live server -----------------------------------------------------------

def time_gets(srv: Server, path: str, *, requests: int, warm_up: int,
              headers: dict[str, str] | None = None) -> dict[str, Any]:
    """One run for one URL: `warm_up` GETs thrown away (each on a new connection, so every
    gunicorn worker has served the page before), then `requests` GETs one after another on
    one keep-alive connection, timed from sending the request to reading the whole body.
    Any status but 200 stops the benchmark: a number for an error page would be a lie."""
    headers = dict(headers or {})
    for _ in range(warm_up):
        conn = srv.connection()
        conn.request("GET", path, headers=headers)
        _read_ok(conn, path)
        conn.close()
    conn = srv.connection()
    latencies: list[float] = []
    size = 0
    for _ in range(requests):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        size = len(_read_ok(conn, path))
        latencies.append((time.perf_counter() - started) * 1000)
    conn.close()
    return {**latency_summary(latencies), "bytes": size}


def _read_ok(conn: http.client.HTTPConnection, path: str) -> bytes:
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}: {body[:300]!r}")
    return body
