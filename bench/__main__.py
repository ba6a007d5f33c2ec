"""`python -m bench [PART ...]`: run the benchmarks (all parts by default)."""

from __future__ import annotations

import importlib
import sys

from bench.util import production_env

PARTS = ["register", "search_load", "search_threads", "screening", "screening_namesakes", "screening_quality", "screening_api",
         "recovery", "procurement", "risks", "security", "transparency"]


def main(argv: list[str]) -> int:
    production_env()
    for part in argv or PARTS:
        try:
            module = importlib.import_module(f"bench.{part}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.{part}":
                raise
            print(f"[{part}] no benchmark")
            continue
        print(f"=== {part} ===", flush=True)
        sys.argv = [f"bench/{part}.py"]  # each benchmark parses its own options; give it none
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
