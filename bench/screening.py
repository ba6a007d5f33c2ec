"""Benchmark and evaluation of name screening (issue 3).

    .venv/bin/python bench/screening.py [--entries 100000] [--queries 100000] [--workers 2]
    .venv/bin/python -m bench screening

Reports, prints and writes to var/bench/screening.json:

* quality at the default threshold on the Kazakh development pairs (all, the
  training two thirds and the held-out third, split by person), on our own extra
  pairs (data/screening/), on "impostor" pairs (every two names of different
  persons of the dev set), and on the Person rows of OpenSanctions' name bench
  (and its company rows with the company matcher);
* pair comparisons per second per core (CPU time of one process);
* blocking recall: the share of labelled same-person pairs whose second name is
  among the candidates of the first;
* bulk screening of N queries against N entries over worker processes, run in a
  child process: wall time, peak memory, planted variants found.

The labelled files live in data/screening/ (see its README for their sources).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "screening"
OUT = ROOT / "var" / "bench" / "screening.json"
EXTRA = ROOT / "data" / "screening" / "kz_name_pairs_extra.tsv"

from adaldyq.screening.matching import (  # noqa: E402
    MATCH_THRESHOLD,
    REVIEW_THRESHOLD,
    person_name,
    score_parsed,
)
from adaldyq.screening.matching.blocking import are_candidates  # noqa: E402
from adaldyq.screening.matching.company import score_company  # noqa: E402

Pair = tuple[str, str, bool]


def _person_id(source: str) -> str:
    match = re.search(r"person=([^\s;\"]+)", source) or re.search(r"\{([^}]+)\}", source)
    return match.group(1) if match else source


def is_held_out(source: str) -> bool:
    """One person in three is held out, by a hash of the person's id."""
    return int(hashlib.sha1(_person_id(source).encode()).hexdigest(), 16) % 3 == 0


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def confusion(pairs: Iterable[Pair], threshold: float) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    errors: list[str] = []
    for a, b, same in pairs:
        score = score_parsed(person_name(a), person_name(b), explain=False).score
        hit = score >= threshold
        tp += hit and same
        fp += hit and not same
        fn += same and not hit
        tn += not same and not hit
        if hit != same:
            errors.append(f"{'FP' if hit else 'FN'} {score:.2f} {a} | {b}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": tp + fp + fn + tn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "errors": errors,
    }


def impostors(rows: list[dict[str, str]]) -> dict[str, Any]:
    """Every two names of different persons in the dev set: how many would match?"""
    by_person: dict[str, set[str]] = {}
    for r in rows:
        if r["label"] == "1":
            by_person.setdefault(_person_id(r["source"]), set()).update((r["a"], r["b"]))
    owners: dict[str, set[str]] = {}
    for person, names in by_person.items():
        for name in names:
            owners.setdefault(name, set()).add(person)
    names = sorted(owners)
    parsed = {n: person_name(n) for n in names}
    total = matched = review = 0
    examples: list[str] = []
    for a, b in itertools.combinations(names, 2):
        if owners[a] & owners[b]:
            continue
        total += 1
        score = score_parsed(parsed[a], parsed[b], explain=False).score
        if score >= MATCH_THRESHOLD:
            matched += 1
            examples.append(f"{score:.2f} {a} | {b}")
        elif score >= REVIEW_THRESHOLD:
            review += 1
    return {
        "pairs": total,
        "matched": matched,
        "false_match_rate": round(matched / total, 6) if total else 0.0,
        "in_review_band": review,
        "examples": examples[:20],
    }


def bench_person_rows() -> list[dict[str, str]]:
    with (DATA / "name_bench.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def name_bench(rows: list[dict[str, str]]) -> dict[str, Any]:
    people = [
        (r["name1"], r["name2"], r["is_match"] == "true") for r in rows if r["schema"] == "Person"
    ]
    result = confusion(people, MATCH_THRESHOLD)
    result["errors"] = result["errors"][:40]
    result["f1_by_threshold"] = {
        str(t): confusion(people, t)["f1"] for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
    }
    companies = [r for r in rows if r["schema"] != "Person"]
    tp = fp = fn = 0
    for r in companies:
        hit = score_company(r["name1"], r["name2"]).score >= MATCH_THRESHOLD
        same = r["is_match"] == "true"
        tp += hit and same
        fp += hit and not same
        fn += same and not hit
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return {
        "person": result,
        "company_and_other_rows": {
            "pairs": len(companies),
            "precision": round(p, 4),
            "recall": round(rc, 4),
            "f1": round(2 * p * rc / (p + rc), 4) if p + rc else 0.0,
        },
    }


def blocking_recall(pairs: list[Pair], both_ways: bool = True) -> dict[str, Any]:
    same = [(a, b) for a, b, s in pairs if s]
    found = 0
    missed: list[str] = []
    for a, b in same:
        pa, pb = person_name(a), person_name(b)
        ok = are_candidates(pa, pb) and (not both_ways or are_candidates(pb, pa))
        found += ok
        if not ok:
            missed.append(f"{a} | {b}")
    return {
        "pairs": len(same),
        "found": found,
        "recall": round(found / len(same), 4),
        "missed": missed[:20],
    }


def pairs_per_second(pairs: list[Pair], explain: bool, rounds: int = 5) -> float:
    parsed = [(person_name(a), person_name(b)) for a, b, _ in pairs]
    started = time.process_time()
    for _ in range(rounds):
        for a, b in parsed:
            score_parsed(a, b, explain=explain)
    return len(parsed) * rounds / (time.process_time() - started)


def names_per_second(names: list[str], fn: Callable[[str], object]) -> float:
    started = time.process_time()
    for name in names:
        fn(name)
    return len(names) / (time.process_time() - started)


def name_keys_speed(count: int = 50_000) -> float:
    """``name_keys`` over distinct synthetic names, starting with empty caches."""
    from adaldyq.names import name_keys, parse, transliterate

    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic_names import NameGenerator

    gen = NameGenerator(11)
    names = list(dict.fromkeys(gen.full_name(gen.person()) for _ in range(count)))
    for cached in (transliterate.to_latin, transliterate.unfolded_key, transliterate.latin_key):
        cached.cache_clear()
    parse.describe_token.cache_clear()
    return names_per_second(names, name_keys)


BULK_CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
from synthetic_names import NameGenerator
from adaldyq.screening.matching.bulk import Person, ScreeningIndex, screen_bulk
from adaldyq.screening.matching import person_name
entries_n, queries_n, workers = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
gen = NameGenerator(7)
people = [gen.person() for _ in range(entries_n)]
entries = [Person(f"e{i}", gen.full_name(p)) for i, p in enumerate(people)]
queries, planted = [], {}
for i in range(queries_n):
    if i % 20 == 0:  # one query in twenty is a variant of a list entry
        j = gen.rng.randrange(entries_n)
        queries.append(Person(f"q{i}", gen.variant(people[j])))
        planted[f"q{i}"] = f"e{j}"
    else:
        queries.append(Person(f"q{i}", gen.full_name(gen.person())))
load_before = os.getloadavg()[0]
started = time.perf_counter()
cpu_started = time.process_time()
index = ScreeningIndex(entries)
indexed = time.perf_counter()
index_cpu = time.process_time() - cpu_started
hits = list(screen_bulk(index, queries, workers=workers))
finished = time.perf_counter()
sample = queries[:2000]
candidates = sum(len(index.candidates(person_name(q.name))) for q in sample) / len(sample)
found = {(h.query_id, h.entry_id) for h in hits}
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "entries": entries_n, "queries": queries_n, "workers": workers,
    "index_seconds": round(indexed - started, 2),
    "screen_seconds": round(finished - indexed, 2),
    "total_seconds": round(finished - started, 2),
    "block_keys": index.key_count,
    "candidates_per_query": round(candidates, 2),
    "hits": len(hits),
    "hits_match_band": sum(1 for h in hits if h.band == "match"),
    "planted_found": round(sum((q, e) in found for q, e in planted.items()) / len(planted), 4),
    "peak_rss_mb_parent": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "peak_rss_mb_worker": round(children.ru_maxrss / 1024),
    "index_cpu_seconds": round(index_cpu, 1),
    "worker_cpu_seconds": round(children.ru_utime + children.ru_stime, 1),
    # Other work on the machine slows the wall clock: the 1-minute load average
    # before and after the run says how busy the 2 cores were.
    "load_average_before": round(load_before, 2),
    "load_average_after": round(os.getloadavg()[0], 2),
}))
"""


def bulk(entries: int, queries: int, workers: int) -> dict[str, Any]:
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            BULK_CHILD,
            str(ROOT / "bench"),
            str(entries),
            str(queries),
            str(workers),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output)
    result["peak_rss_mb_total_upper_bound"] = (
        result["peak_rss_mb_parent"] + workers * result["peak_rss_mb_worker"]
    )
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    dev = read_tsv(DATA / "kz_name_pairs_dev.tsv")
    dev_pairs = [(r["a"], r["b"], r["label"] == "1") for r in dev]
    train = [(r["a"], r["b"], r["label"] == "1") for r in dev if not is_held_out(r["source"])]
    held = [(r["a"], r["b"], r["label"] == "1") for r in dev if is_held_out(r["source"])]
    extra = [(r["a"], r["b"], r["label"] == "1") for r in read_tsv(EXTRA)]
    bench_rows = bench_person_rows()
    bench_people = [
        (r["name1"], r["name2"], r["is_match"] == "true")
        for r in bench_rows
        if r["schema"] == "Person"
    ]
    report: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "thresholds": {"match": MATCH_THRESHOLD, "review": REVIEW_THRESHOLD},
        "quality": {
            "dev_all": confusion(dev_pairs, MATCH_THRESHOLD),
            "dev_train": confusion(train, MATCH_THRESHOLD),
            "dev_held_out": confusion(held, MATCH_THRESHOLD),
            "extra_pairs": confusion(extra, MATCH_THRESHOLD),
            "dev_impostors": impostors(dev),
            "name_bench": name_bench(bench_rows),
        },
        "blocking_recall": {
            "dev": blocking_recall(dev_pairs),
            "extra": blocking_recall(extra),
            "name_bench_person": blocking_recall(bench_people, both_ways=False),
        },
    }
    report["speed"] = {
        "pairs_per_second_per_core_explained": round(pairs_per_second(dev_pairs, explain=True)),
        "pairs_per_second_per_core_score_only": round(pairs_per_second(dev_pairs, explain=False)),
        "name_keys_per_second_cold_caches": round(name_keys_speed()),
    }
    if not args.skip_bulk:
        report["bulk"] = bulk(args.entries, args.queries, args.workers)
    return report


def print_report(report: dict[str, Any]) -> None:
    q = report["quality"]
    print(f"thresholds: match {MATCH_THRESHOLD}, review {REVIEW_THRESHOLD}")
    for name in ("dev_all", "dev_train", "dev_held_out", "extra_pairs"):
        r = q[name]
        print(
            f"{name:14} pairs {r['pairs']:4}  precision {r['precision']:.3f}  "
            f"recall {r['recall']:.3f}  F1 {r['f1']:.3f}  (fp {r['fp']}, fn {r['fn']})"
        )
    imp = q["dev_impostors"]
    print(
        f"dev impostors  pairs {imp['pairs']}  matched {imp['matched']}  review {imp['in_review_band']}"
    )
    nb = q["name_bench"]["person"]
    print(
        f"name_bench Person  precision {nb['precision']:.3f}  recall {nb['recall']:.3f}  "
        f"F1 {nb['f1']:.3f}   F1 by threshold {nb['f1_by_threshold']}"
    )
    print(f"name_bench other rows (company matcher)  {q['name_bench']['company_and_other_rows']}")
    for name, r in report["blocking_recall"].items():
        print(f"blocking recall {name:18} {r['found']}/{r['pairs']} = {r['recall']:.3f}")
    print(f"speed {report['speed']}")
    if "bulk" in report:
        print(f"bulk {report['bulk']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-bulk", action="store_true")
    args = parser.parse_args(argv if argv is not None else [])
    report = run(args)
    print_report(report)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
