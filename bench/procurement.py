"""Benchmark: all procurement indicators, as a user runs them, against Cardinal's read pass.

`make bench-procurement` (or `python -m bench procurement`) generates synthetic compiled
releases under var/bench/ (reused when present; not committed) for each size in
``BENCH_PROCUREMENT_SIZES`` (default 50,000, 200,000, 1,000,000 and 2,000,000 releases)
and, after warming the page cache and one warm-up pair that is thrown away, times
``BENCH_RUNS`` (at least 3) alternating pairs of child processes:

* **ours**: the whole console command, start-up included,
  ``adaldyq-cardinal indicators FILE --settings all.ini --no-meta`` with every indicator
  (Cardinal's 11, R013 and R055) on embedded DuckDB;
* **Cardinal**: ``ocdscardinal.coverage(FILE)``, Cardinal's own Rust code reading every
  line once (the read pass any of its commands starts with), in a Python child.

Each pair gives a ratio (ours / Cardinal, same round); the result is the median ratio with
its range, both wall times, and the peak resident memory of each child (``wait4``).
Targets (issue 15): ratio under 1 at every size, peak memory under 2 GB.

The Spark engine is timed too, for information, in local mode on the smallest sizes
(``BENCH_PROCUREMENT_SPARK_SIZES``, default 50,000 and 200,000), with
``--engine spark --spark-master local[2]``: written to bench/results/procurement_spark.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.util import (
    RUNS,
    WORK,
    Headline,
    Recording,
    base_env,
    seconds,
    spread,
    write_result,
)

SIZES = [int(n) for n in os.environ.get("BENCH_PROCUREMENT_SIZES", "50000,200000,1000000,2000000").split(",")]
SPARK_SIZES = [int(n) for n in os.environ.get("BENCH_PROCUREMENT_SPARK_SIZES", "50000,200000").split(",") if n]
SEED = 1
SETTINGS = "currency = KZT\n{sections}[R055]\nthreshold = 10000000\n"
CARDINAL = "import sys, ocdscardinal; ocdscardinal.coverage(sys.argv[1])"
LIMIT_MB = 2048
PROFILE = """
import json, sys, time
from pathlib import Path
cpu = time.process_time
started = cpu()
from adaldyq.procurement.cli import read_settings
from adaldyq.procurement.engine import Engine
imported = cpu()
with Engine(read_settings(sys.argv[2])) as engine:
    engine.load(Path(sys.argv[1]), progress=False)
    loaded = cpu()
    analysis = engine.run(coverage=False)
    ran = cpu()
print(json.dumps({"import_cpu_s": imported - started, "read_cpu_s": loaded - imported,
                  "indicators_cpu_s": ran - loaded, "per_indicator_wall_s": analysis.seconds}))
"""


def data_file(count: int) -> Path:
    """Synthetic compiled releases (the engine's generator), written once under var/bench/."""
    path = WORK / f"releases-{count}-seed{SEED}.jsonl"
    if not path.exists():
        from adaldyq.procurement.generate import write_jsonl

        print(f"[procurement] generating {count:,} releases into {path} ...", flush=True)
        partial = path.with_suffix(".partial")
        write_jsonl(partial, count, seed=SEED, progress=False)
        partial.rename(path)
    return path


def settings_file() -> Path:
    from adaldyq.procurement.indicator_config import all_enabled

    path = WORK / "procurement-all.ini"
    path.write_text(SETTINGS.format(sections=all_enabled(skip=("R055",))), encoding="utf-8")
    return path


def child(argv: list[str]) -> dict[str, float]:
    """Wall seconds and peak RSS (MB) of one child process; fails loudly."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: Spark's logs could fill a pipe
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=base_env())
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if status != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(argv)} failed ({status}):\n{errors.read().decode(errors='replace')[-3000:]}")
    return {"seconds": elapsed, "peak_rss_mb": usage.ru_maxrss / 1024}


def ours_argv(path: Path, ini: Path, *extra: str) -> list[str]:
    script = Path(sys.executable).with_name("adaldyq-cardinal")
    return [str(script), "indicators", str(path), "--settings", str(ini), "--no-meta", "--no-progress", *extra]


def compare(path: Path, ours: list[str]) -> dict[str, Any]:
    """Warm-up pair (excluded), then RUNS alternating pairs: ours and Cardinal's read pass."""
    cardinal = [sys.executable, "-c", CARDINAL, str(path)]
    with path.open("rb") as handle:  # page cache: no run pays for a cold disk
        while handle.read(16 << 20):
            pass
    child(ours), child(cardinal)
    pairs = []
    for n in range(RUNS):
        mine, theirs = child(ours), child(cardinal)
        pairs.append({"ours": mine, "cardinal": theirs, "ratio": mine["seconds"] / theirs["seconds"]})
        print(f"[procurement]   run {n + 1}: ours {mine['seconds']:.2f} s ({mine['peak_rss_mb']:.0f} MB), "
              f"Cardinal {theirs['seconds']:.2f} s, ratio {pairs[-1]['ratio']:.2f}", flush=True)
    return {
        "file": str(path.relative_to(WORK.parents[1])), "bytes": path.stat().st_size,
        "ratio": spread([p["ratio"] for p in pairs], 3),
        "ours_seconds": spread([p["ours"]["seconds"] for p in pairs]),
        "cardinal_seconds": spread([p["cardinal"]["seconds"] for p in pairs]),
        "ours_peak_rss_mb": spread([p["ours"]["peak_rss_mb"] for p in pairs], 0),
        "cardinal_peak_rss_mb": spread([p["cardinal"]["peak_rss_mb"] for p in pairs], 0),
        "pairs": pairs,
    }


def profile(path: Path, ini: Path) -> dict[str, Any]:
    """Where the CPU time goes, in one child: imports, reading (parse + typed projection), indicators."""
    done = subprocess.run([sys.executable, "-c", PROFILE, str(path), str(ini)], capture_output=True, text=True,
                          check=True, env=base_env())
    runs = [json.loads(done.stdout.strip().splitlines()[-1])]
    for _ in range(RUNS - 1):
        again = subprocess.run([sys.executable, "-c", PROFILE, str(path), str(ini)], capture_output=True, text=True,
                               check=True, env=base_env())
        runs.append(json.loads(again.stdout.strip().splitlines()[-1]))
    return {key: spread([r[key] for r in runs]) for key in ("import_cpu_s", "read_cpu_s", "indicators_cpu_s")} | {
        "per_indicator_wall_s": runs[-1]["per_indicator_wall_s"], "file": str(path.name)}


def start_up() -> dict[str, Any]:
    """`adaldyq-cardinal indicators --help` against the Django command's `--help` (warm-up excluded)."""
    script = Path(sys.executable).with_name("adaldyq-cardinal")
    django = [str(Path(sys.executable).with_name("adaldyq")), "procurement", "--help"]
    ours = [str(script), "indicators", "--help"]
    child(ours), child(django)
    return {"adaldyq_cardinal_help": spread([child(ours)["seconds"] for _ in range(RUNS)]),
            "adaldyq_django_help": spread([child(django)["seconds"] for _ in range(RUNS)])}


def ratio_row(what: str, result: dict[str, Any]) -> Headline:
    r, mine, theirs = result["ratio"], result["ours_seconds"], result["cardinal_seconds"]
    return Headline(what=what, target="faster than Cardinal's read pass (ratio < 1), same run",
                    measured=f"{r['median']:.2f}× ({r['min']:.2f}–{r['max']:.2f}): {seconds(mine['median'])} vs "
                             f"{seconds(theirs['median'])}, peak {result['ours_peak_rss_mb']['max']:.0f} MB",
                    met=r["median"] < 1 and result["ours_peak_rss_mb"]["max"] < LIMIT_MB)


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    ini = settings_file()
    files = {count: data_file(count) for count in sorted(set(SIZES) | set(SPARK_SIZES))}
    recording = Recording()
    results: dict[str, Any] = {"start_up": start_up(), "sizes": {}}
    middle = sorted(SIZES)[len(SIZES) // 2 - 1] if len(SIZES) > 1 else SIZES[0]
    results["profile"] = profile(files[middle], ini)
    rows = []
    for count in SIZES:
        print(f"[procurement] {count:,} releases: all indicators (DuckDB) vs Cardinal's read pass", flush=True)
        result = compare(files[count], ours_argv(files[count], ini))
        results["sizes"][str(count)] = result
        rows.append(ratio_row(f"All procurement indicators, {count:,} releases ({result['bytes'] / 1e6:.0f} MB), "
                              "whole command", result))
    peak = max(r["ours_peak_rss_mb"]["max"] for r in results["sizes"].values())
    rows.append(Headline(what="Peak memory of all procurement indicators, any size",
                         target=f"under {LIMIT_MB / 1024:.0f} GB", measured=f"{peak:.0f} MB", met=peak < LIMIT_MB))
    help_s = results["start_up"]["adaldyq_cardinal_help"]
    rows.append(Headline(what="Start-up: `adaldyq-cardinal indicators --help` (no Django)",
                         target="under 0.5 s (the Django command took 1.7 s)",
                         measured=f"{help_s['median']:.2f} s ({help_s['min']:.2f}–{help_s['max']:.2f}); Django's "
                                  f"`adaldyq procurement --help` {results['start_up']['adaldyq_django_help']['median']:.2f} s",
                         met=help_s["median"] < 0.5))
    write_result("procurement", recording, headline=rows, results=results,
                 timed_what="whole commands in child processes, start-up included: `adaldyq-cardinal indicators FILE "
                            "--settings all.ini --no-meta` (every indicator, DuckDB) vs Cardinal's "
                            "`ocdscardinal.coverage(FILE)` (one Rust read pass), alternating, page cache warm",
                 data=f"synthetic compiled releases from adaldyq.procurement.generate (seed {SEED}), sizes {SIZES}")
    if SPARK_SIZES:
        spark(files, ini)


def spark(files: dict[int, Path], ini: Path) -> None:
    """The Spark engine in local mode, for information (a JVM start included in every run)."""
    recording = Recording()
    results: dict[str, Any] = {}
    rows = []
    for count in SPARK_SIZES:
        print(f"[procurement] {count:,} releases: all indicators on Spark local[2] vs Cardinal", flush=True)
        result = compare(files[count], ours_argv(files[count], ini, "--engine", "spark", "--spark-master", "local[2]"))
        results[str(count)] = result
        r = result["ratio"]
        rows.append(Headline(what=f"All procurement indicators on Spark (local[2]), {count:,} releases, whole command",
                             target="for information (Spark is for data beyond one machine)",
                             measured=f"{seconds(result['ours_seconds']['median'])} "
                                      f"({r['median']:.2f}× Cardinal's read pass, {r['min']:.2f}–{r['max']:.2f})",
                             met=None))
    write_result("procurement_spark", recording, headline=rows, results=results,
                 timed_what="`adaldyq-cardinal indicators FILE --settings all.ini --no-meta --engine spark "
                            "--spark-master local[2]` (JVM start included) vs `ocdscardinal.coverage(FILE)`",
                 data=f"synthetic compiled releases (seed {SEED}), sizes {SPARK_SIZES}")


if __name__ == "__main__":
    main()
