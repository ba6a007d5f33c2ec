"""Quality of name matching at the default threshold, under the honest protocol (issue 12).

`make bench-screening-quality` (`python -m bench screening_quality`) writes
bench/results/screening_quality.json with:

* the **development part** of the Kazakh pairs (`bench/screening_split.py`): the part
  rules are written on; its errors are listed, for the rule writer;
* the **frozen part**: precision and recall only, never its errors, so that nobody
  reads its spellings while writing rules;
* our extra pairs (studied, see data/screening/README.md), and the Person rows of
  OpenSanctions' name bench (F1), both as before in `bench/screening.py`;
* the time to build a screening index and to search it on a small synthetic sample
  (median of `util.RUNS` runs), to see what new rules cost.

Every figure is at `MATCH_THRESHOLD`; scores are deterministic, so one pass gives
them; only the timings are repeated. While writing rules, run
`python -m bench.screening_quality --development` (or `make bench-screening-development`):
it prints the development part and its errors only, and writes no result file.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Iterable
from typing import Any

from adaldyq.screening.matching import MATCH_THRESHOLD, person_name, score_parsed
from bench import util
from bench.screening_split import fingerprint, read_pairs, split

DATA = util.ROOT / "data" / "screening"
TARGET_PRECISION = 0.98
TARGET_RECALL = 0.95
SAMPLE_ENTRIES = 20_000
SAMPLE_QUERIES = 2_000

Pair = tuple[str, str, bool]


def pairs_of(rows: Iterable[dict[str, str]]) -> list[Pair]:
    return [(r["a"], r["b"], r["label"] == "1") for r in rows]


def confusion(pairs: list[Pair], *, show_errors: bool) -> dict[str, Any]:
    """Counts, precision, recall, F1 at the default threshold; errors only when asked."""
    tp = fp = fn = tn = 0
    errors: list[str] = []
    for a, b, same in pairs:
        score = score_parsed(person_name(a), person_name(b), explain=False).score
        hit = score >= MATCH_THRESHOLD
        tp, fp = tp + (hit and same), fp + (hit and not same)
        fn, tn = fn + (same and not hit), tn + (not same and not hit)
        if show_errors and hit != same:
            errors.append(f"{'FP' if hit else 'FN'} {score:.2f} {a} | {b}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result: dict[str, Any] = {"pairs": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                              "precision": round(precision, 4), "recall": round(recall, 4),
                              "f1": round(f1, 4)}
    if show_errors:
        result["errors"] = errors
    return result


def name_bench_people() -> list[Pair]:
    with (DATA / "name_bench.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [(r["name1"], r["name2"], r["is_match"] == "true") for r in rows if r["schema"] == "Person"]


def index_timing() -> dict[str, Any]:
    """Build a ScreeningIndex of synthetic entries and search synthetic queries, timed:
    once with Cyrillic entries (most lists), once with the same entries in passport
    Latin (every word with ch, j, x... carries foreign-scheme readings)."""
    sys.path.insert(0, str(util.ROOT / "bench"))
    from synthetic_names import NameGenerator, passport_latin

    gen = NameGenerator(7)
    people = [gen.person() for _ in range(SAMPLE_ENTRIES)]
    cyrillic = [gen.full_name(p) for p in people]
    queries = [gen.variant(people[i]) if i % 2 else gen.full_name(gen.person()) for i in range(SAMPLE_QUERIES)]
    return {"entries": SAMPLE_ENTRIES, "queries": SAMPLE_QUERIES,
            "cyrillic_entries": _time_index(cyrillic, queries),
            "latin_entries": _time_index([passport_latin(n) for n in cyrillic], queries)}


def _time_index(names: list[str], queries: list[str]) -> dict[str, Any]:
    from adaldyq.screening.matching.bulk import Person, ScreeningIndex

    entries = [Person(f"e{i}", name) for i, name in enumerate(names)]
    asked = [Person(f"q{i}", name) for i, name in enumerate(queries)]
    runs = []
    for _ in range(util.RUNS):
        started = time.process_time()
        index = ScreeningIndex(entries)
        built = time.process_time()
        hits = sum(len(index.search(q)) for q in asked)
        runs.append({"index_cpu_seconds": built - started, "search_cpu_seconds": time.process_time() - built,
                     "hits": hits, "block_keys": index.key_count})
    return {**util.over_runs(runs, "index_cpu_seconds", "search_cpu_seconds"),
            "hits": runs[-1]["hits"], "block_keys": runs[-1]["block_keys"]}


def run() -> dict[str, Any]:
    development, frozen = split(read_pairs())
    with (DATA / "kz_name_pairs_extra.tsv").open(encoding="utf-8") as f:
        extra = pairs_of(csv.DictReader(f, delimiter="\t"))
    return {
        "threshold": MATCH_THRESHOLD,
        "development_part": confusion(pairs_of(development), show_errors=True),
        "frozen_part": {**confusion(pairs_of(frozen), show_errors=False),
                        "fingerprint": fingerprint(frozen)},
        "extra_pairs_studied": confusion(extra, show_errors=True),
        "name_bench_person": confusion(name_bench_people(), show_errors=False),
        "index_timing": index_timing(),
    }


def _figures(part: dict[str, Any]) -> str:
    return f"precision {part['precision']:.3f}, recall {part['recall']:.3f} ({part['pairs']} pairs)"


def headline(results: dict[str, Any]) -> list[util.Headline]:
    rows = []
    for key, what in (("development_part", "Name matching, Kazakh pairs, development part (studied)"),
                      ("frozen_part", "Name matching, Kazakh pairs, frozen part (never studied)")):
        part = results[key]
        rows.append(util.Headline(
            what=what, target=f"precision ≥ {TARGET_PRECISION}, recall ≥ {TARGET_RECALL}",
            measured=_figures(part),
            met=part["precision"] >= TARGET_PRECISION and part["recall"] >= TARGET_RECALL))
    bench = results["name_bench_person"]
    rows.append(util.Headline(what="Name matching, OpenSanctions name_bench Person rows", target="–",
                              measured=f"F1 {bench['f1']:.3f} ({_figures(bench)})"))
    return rows


def development_only() -> None:
    """The rule writer's loop: the development part and its errors, nothing frozen."""
    development, _ = split(read_pairs())
    result = confusion(pairs_of(development), show_errors=True)
    print(f"[screening_quality] development part {_figures(result)}")
    for error in result["errors"]:
        print(f"[screening_quality]   {error}")


def main() -> None:
    if "--development" in sys.argv[1:]:
        development_only()
        return
    recording = util.Recording()
    results = run()
    for key in ("development_part", "frozen_part", "extra_pairs_studied", "name_bench_person"):
        print(f"[screening_quality] {key:20s} {_figures(results[key])}  F1 {results[key]['f1']:.3f}")
    for error in results["development_part"]["errors"]:
        print(f"[screening_quality]   development {error}")
    for label in ("cyrillic_entries", "latin_entries"):
        timing = results["index_timing"][label]
        print(f"[screening_quality] {label}: index {timing['index_cpu_seconds']['median']} s, "
              f"search {timing['search_cpu_seconds']['median']} s CPU, {timing['block_keys']} keys")
    util.write_result(
        "screening_quality", recording,
        timed_what=(f"CPU time to build a ScreeningIndex of {SAMPLE_ENTRIES:,} synthetic entries and search "
                    f"{SAMPLE_QUERIES:,} queries in one process, {util.RUNS} runs. Quality figures are "
                    f"deterministic scores at the default threshold {MATCH_THRESHOLD}."),
        data=("data/screening/kz_name_pairs_dev.tsv split by person (bench/screening_split.py) into a "
              "development part and a frozen part; kz_name_pairs_extra.tsv; name_bench.csv Person rows; "
              "bench/synthetic_names.py seed 7 for the timing"),
        results=results, headline=headline(results))


if __name__ == "__main__":
    main()
