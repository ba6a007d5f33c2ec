"""Benchmark: all procurement indicators against one read pass of Cardinal's Rust code.

    .venv/bin/python bench/procurement.py [--count 500000] [--repeat 2]

Generates (or reuses, under var/bench/) a synthetic file of compiled releases with a
realistic shape, then times in separate child processes, alternating to even out noise
from other work on the machine:

* ``ocdscardinal.coverage(path)``: Cardinal's own Rust code walking every line once;
* every indicator we have (Cardinal's 11, R013, R055) plus the coverage report, from
  reading the file to the finished results.

Each child reports its wall time and peak resident memory (``ru_maxrss``). The report is
printed and written to var/bench/procurement.json. Target: indicators faster than the
read pass, and peak memory under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "var" / "bench"

CARDINAL_CHILD = """
import json, resource, sys, time
import ocdscardinal
started = time.perf_counter()
paths = ocdscardinal.coverage(sys.argv[1])
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "paths": len(paths),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

OURS_CHILD = """
import json, resource, sys, time
from pathlib import Path
from adaldyq.procurement.engine import Engine
from adaldyq.procurement.indicator_config import all_enabled, parse_ini
settings = parse_ini("currency = KZT\\n" + all_enabled(skip=("R055",)) + "[R055]\\nthreshold = 10000000\\n")
started = time.perf_counter()
with Engine(settings, workdir=Path(sys.argv[2]), memory_limit=sys.argv[3]) as engine:
    report = engine.load(Path(sys.argv[1]), progress=False)
    loaded = time.perf_counter()
    analysis = engine.run(coverage=True)
    finished = time.perf_counter()
    from adaldyq.procurement.composite import composite
    composite(engine, analysis).summary(10)
    scored = time.perf_counter()
print(json.dumps({
    "seconds": finished - started, "load_seconds": loaded - started,
    "indicator_seconds": {code: round(s, 3) for code, s in analysis.seconds.items()},
    "composite_seconds": scored - finished,
    "releases": report.rows, "flagged": {group: len(ids) for group, ids in analysis.results.items()},
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def dataset(count: int, seed: int) -> Path:
    path = BENCH / f"releases-{count}-seed{seed}.jsonl"
    if not path.exists():
        from adaldyq.procurement.generate import write_jsonl

        print(f"generating {count:,} releases into {path} ...", file=sys.stderr)
        write_jsonl(path, count, seed=seed, progress=sys.stderr.isatty())
    return path


def warm_up(path: Path) -> None:
    """Read the file once so that the first timed run does not pay for a cold disk cache."""
    with path.open("rb") as handle:
        while handle.read(16 * 1024 * 1024):
            pass


def child(code: str, *args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    """Run with ``argv`` (default: none, so ``python -m bench`` gets the defaults)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB memory limit for our run")
    parser.add_argument("--out", type=Path, default=BENCH / "procurement.json")
    args = parser.parse_args(argv or [])
    args.out = args.out.resolve()

    path = dataset(args.count, args.seed)
    warm_up(path)
    workdir = BENCH / "tmp"
    workdir.mkdir(parents=True, exist_ok=True)
    cardinal, ours = [], []
    for round_ in range(args.repeat):
        cardinal.append(child(CARDINAL_CHILD, str(path)))
        ours.append(child(OURS_CHILD, str(path), str(workdir), args.memory_limit))
        print(f"round {round_ + 1}: cardinal read pass {cardinal[-1]['seconds']:.2f}s, "
              f"all indicators {ours[-1]['seconds']:.2f}s", file=sys.stderr)

    best_cardinal = min(cardinal, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    best_ours = min(ours, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    peak = max(float(r["peak_rss_mb"]) for r in ours)  # type: ignore[arg-type]
    report = {
        "file": str(path.relative_to(ROOT)), "releases": args.count, "bytes": path.stat().st_size,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "cardinal_coverage_seconds": best_cardinal["seconds"],
        "indicators_seconds": best_ours["seconds"],
        "indicators_faster": float(best_ours["seconds"]) < float(best_cardinal["seconds"]),  # type: ignore[arg-type]
        # Rounds alternate the two, so on a busy machine each round is the fairer comparison.
        "rounds_faster": sum(float(o["seconds"]) < float(c["seconds"])  # type: ignore[arg-type]
                             for o, c in zip(ours, cardinal, strict=True)),
        "rounds": args.repeat,
        "peak_rss_mb": peak, "peak_under_2gb": peak < 2048,
        "cardinal_peak_rss_mb": best_cardinal["peak_rss_mb"],
        "best_run": best_ours, "all_runs": {"cardinal": cardinal, "ours": ours},
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"""
file                         {report['file']} ({args.count:,} releases, {path.stat().st_size / 1e9:.2f} GB)
Cardinal read pass (Rust)    {best_cardinal['seconds']:.2f} s   peak {best_cardinal['peak_rss_mb']:.0f} MB
all indicators (DuckDB)      {best_ours['seconds']:.2f} s   peak {peak:.0f} MB
  of which reading           {best_ours['load_seconds']:.2f} s
composite score after that   {best_ours['composite_seconds']:.2f} s
faster in rounds             {report['rounds_faster']} of {args.repeat}
target met                   {'yes' if report['indicators_faster'] and report['peak_under_2gb'] else 'NO'}
written                      {args.out.relative_to(ROOT)}""")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
