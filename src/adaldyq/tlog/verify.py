"""`adaldyq-verify URL --key VERIFIER_KEY --state DIR`: check a site's transparency log.

Anyone can run it; it imports no Django, only the standard library and `cryptography`.
It fetches <URL>/log/checkpoint, checks the log's signature and any witness
cosignatures, proves that the log still contains the checkpoint verified last time
(kept in DIR), then either recomputes the whole tree from every entry (default) or
proves one entry's inclusion (--entry N). Every personal part the site still serves is
checked against its leaf's commitment. Exit status: 0 verified, 1 the log failed a
check (the message says which), 2 the check could not be made (network, arguments).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adaldyq.tlog import merkle
from adaldyq.tlog.checkpoint import Checkpoint
from adaldyq.tlog.entry import commitment, unbundle
from adaldyq.tlog.exceptions import FormatError, LogError
from adaldyq.tlog.note import COSIGNATURE, ED25519, Verifier, open_note, verify_cosignatures
from adaldyq.tlog.remote import FetchError, RemoteTiles, Site
from adaldyq.tlog.tiles import ENTRIES, TILE_WIDTH, tile_path, tiles_of


class Failed(LogError):
    """The log did not pass a check."""


@dataclass
class Tally:
    leaves: int = 0
    personal_checked: int = 0
    personal_withdrawn: int = 0
    notes: list[str] = field(default_factory=list)


def _keys(texts: list[str], kind: int, what: str) -> list[Verifier]:
    keys = []
    for text in texts:
        key = Verifier.parse(text)
        if key.kind != kind:
            raise FormatError(f"{text!r} is not a {what} key")
        keys.append(key)
    return keys


def fetch_checkpoint(site: Site, keys: list[Verifier], witnesses: list[Verifier], quorum: int
                     ) -> tuple[Checkpoint, str, dict[str, int]]:
    _, raw = site.get("log/checkpoint")
    try:
        text = raw.decode("utf-8")
        body, signatures, good = open_note(text, keys)
        checkpoint = Checkpoint.parse(body)
    except (UnicodeDecodeError, LogError) as exc:
        raise Failed(f"the checkpoint: {exc}") from exc
    if checkpoint.origin not in {k.name for k in good}:
        raise Failed(f"the checkpoint is for log {checkpoint.origin!r}, not the log of the key you gave")
    try:
        cosigned = verify_cosignatures(body, signatures, witnesses)
    except LogError as exc:
        raise Failed(str(exc)) from exc
    if len(cosigned) < quorum:
        raise Failed(f"{len(cosigned)} of the witnesses you trust cosigned this checkpoint, {quorum} required")
    return checkpoint, text, cosigned


class State:
    """The last checkpoint this verifier accepted for one log, in DIR."""

    def __init__(self, folder: Path, origin: str) -> None:
        self.path = folder / (re.sub(r"[^A-Za-z0-9.-]", "_", origin) + ".checkpoint")

    def load(self, keys: list[Verifier]) -> Checkpoint | None:
        if not self.path.exists():
            return None
        try:
            body, _, _ = open_note(self.path.read_text(encoding="utf-8"), keys)
            return Checkpoint.parse(body)
        except LogError as exc:
            raise FormatError(f"the saved state {self.path} is not a checkpoint signed by your key: {exc}") from exc

    def save(self, note: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(note, encoding="utf-8")
        os.replace(tmp, self.path)


def check_consistency(tiles: RemoteTiles, old: Checkpoint, new: Checkpoint) -> None:
    if new.size < old.size:
        raise Failed(f"the log shrank from {old.size} to {new.size} leaves since your last check")
    try:
        proof = tiles.range_hashes(merkle.consistency_ranges(old.size, new.size))
        merkle.verify_consistency(old.size, new.size, old.root, new.root, proof=proof)
    except LogError as exc:
        raise Failed(f"consistency with the checkpoint you verified before (size {old.size}): {exc}") from exc


def _check_personal(site: Site, start: int, leaves: list[dict[str, Any]]) -> tuple[int, int]:
    """(checked, withdrawn) personal parts of these consecutive leaves."""
    committed = {start + i: leaf["personal"] for i, leaf in enumerate(leaves) if leaf.get("personal")}
    if not committed:
        return 0, 0
    _, answer = site.json(f"api/v1/log/personal?start={start}&end={start + len(leaves)}")
    for part in answer.get("parts", []):
        index = part["index"]
        expected = committed.get(index)
        if expected is None:
            raise Failed(f"leaf {index}: the site serves a personal part the leaf did not commit to")
        if commitment(base64.b64decode(part["salt"]), part["data"]) != expected:
            raise Failed(f"leaf {index}: the personal part served does not match the leaf's commitment")
    parts = answer.get("parts", [])
    return len(parts), len(answer.get("withdrawn", []))


def _bundle(site: Site, number: int, width: int, personal: bool) -> tuple[list[bytes], tuple[int, int]]:
    _, data = site.get(f"log/{tile_path(ENTRIES, number, width)}")
    try:
        items = unbundle(data)
    except FormatError as exc:
        raise Failed(f"entry bundle {number}: {exc}") from exc
    if len(items) != width:
        raise Failed(f"entry bundle {number} holds {len(items)} entries, the checkpoint needs {width}")
    if personal:
        # Only an entry with a commitment holds `"personal":"`; parsing the others is wasted work.
        try:
            leaves = [json.loads(item) if b'"personal":"' in item else {} for item in items]
        except ValueError as exc:
            raise Failed(f"entry bundle {number} has an entry that is not JSON") from exc
        counts = _check_personal(site, number * TILE_WIDTH, leaves)
    return [merkle.leaf_hash(item) for item in items], counts if personal else (0, 0)


def _in_order(pool: ThreadPoolExecutor, jobs: list[tuple[int, int]], fetch: Any, window: int) -> Iterator[Any]:
    """Results of fetch(number, width) in order, with at most `window` requests in flight."""
    pending: list[Future[Any]] = []
    queue = iter(jobs)
    for job in queue:
        pending.append(pool.submit(fetch, *job))
        if len(pending) >= window:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


def verify_all(site: Site, checkpoint: Checkpoint, old: Checkpoint | None, *, personal: bool, workers: int,
               tally: Tally) -> None:
    """Recompute the root from every entry; also the root at the size verified before."""
    builder = merkle.RootBuilder()
    jobs = tiles_of(checkpoint.size, 0)

    def fetch(number: int, width: int) -> tuple[list[bytes], tuple[int, int]]:
        return _bundle(site, number, width, personal)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = _in_order(pool, jobs, fetch, workers * 4) if workers > 1 else (fetch(*job) for job in jobs)
        for hashes, (checked, withdrawn) in results:
            tally.personal_checked += checked
            tally.personal_withdrawn += withdrawn
            for leaf in hashes:
                builder.add(leaf)
                if old is not None and builder.size == old.size and builder.root() != old.root:
                    raise Failed(f"the entries no longer give the root of the checkpoint of size {old.size} "
                                 "you verified before: the log was rewritten")
    if builder.root() != checkpoint.root:
        raise Failed(f"the {checkpoint.size} entries do not give the checkpoint's root hash")
    tally.leaves = checkpoint.size


def verify_entry(site: Site, tiles: RemoteTiles, checkpoint: Checkpoint, index: int, *, personal: bool,
                 tally: Tally) -> dict[str, Any]:
    if not 0 <= index < checkpoint.size:
        raise Failed(f"the log has {checkpoint.size} leaves; there is no leaf {index}")
    number = index // TILE_WIDTH
    width = min(TILE_WIDTH, checkpoint.size - number * TILE_WIDTH)
    _, data = site.get(f"log/{tile_path(ENTRIES, number, width)}")
    items = unbundle(data)
    if len(items) != width:
        raise Failed(f"entry bundle {number} holds {len(items)} entries, the checkpoint needs {width}")
    item = items[index % TILE_WIDTH]
    proof = tiles.range_hashes(merkle.inclusion_ranges(index, checkpoint.size))
    try:
        merkle.verify_inclusion(index, checkpoint.size, merkle.leaf_hash(item), proof, root=checkpoint.root)
    except LogError as exc:
        raise Failed(f"leaf {index}: {exc}") from exc
    leaf: dict[str, Any] = json.loads(item)
    if personal:
        tally.personal_checked, tally.personal_withdrawn = _check_personal(site, index, [leaf])
    tally.leaves = 1
    return leaf


def run(args: argparse.Namespace, out: Any = sys.stdout, site: Site | None = None) -> Tally:
    site = site or Site(args.url, timeout=args.timeout)
    keys = _keys(args.key, ED25519, "log verifier")
    witnesses = _keys(args.witness, COSIGNATURE, "witness (type 0x04)")
    checkpoint, note, cosigned = fetch_checkpoint(site, keys, witnesses, args.quorum)
    tally = Tally()
    print(f"checkpoint of {checkpoint.origin}: {checkpoint.size} leaves, signed by your key"
          + (f", cosigned by {', '.join(sorted(cosigned))}" if cosigned else ""), file=out)
    state = State(Path(args.state), checkpoint.origin)
    old = state.load(keys)
    tiles = RemoteTiles(site, checkpoint.size)
    if old is not None:
        check_consistency(tiles, old, checkpoint)
        print(f"consistent with the checkpoint of {old.size} leaves you verified before", file=out)
    if args.entry is not None:
        leaf = verify_entry(site, tiles, checkpoint, args.entry, personal=not args.no_personal, tally=tally)
        print(f"leaf {args.entry} is in the log: {json.dumps(leaf, ensure_ascii=False, sort_keys=True)}", file=out)
    else:
        verify_all(site, checkpoint, old, personal=not args.no_personal, workers=args.workers, tally=tally)
        print(f"all {tally.leaves} leaves recomputed: they give the signed root", file=out)
    if not args.no_personal:
        print(f"personal parts: {tally.personal_checked} match their commitments, "
              f"{tally.personal_withdrawn} withdrawn (not public)", file=out)
    state.save(note)
    return tally


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="adaldyq-verify", description=__doc__.split("\n\n")[0])
    p.add_argument("url", help="the site's base URL; the log is under <URL>/log/")
    p.add_argument("--key", action="append", required=True, metavar="VERIFIER_KEY",
                   help="the log's verifier key (<name>+<hash>+<key>), published by the agency; repeatable")
    p.add_argument("--state", required=True, metavar="DIR", help="where the last verified checkpoint is kept")
    p.add_argument("--witness", action="append", default=[], metavar="VERIFIER_KEY",
                   help="a witness's verifier key whose cosignature to check; repeatable")
    p.add_argument("--quorum", type=int, default=0, help="how many of those witnesses must have cosigned")
    p.add_argument("--entry", type=int, help="verify only this leaf's inclusion (default: the whole log)")
    p.add_argument("--no-personal", action="store_true", help="do not fetch and check personal parts")
    p.add_argument("--workers", type=int, default=4, help="parallel downloads (default 4; 1: one at a time)")
    p.add_argument("--timeout", type=float, default=60, help="seconds per HTTP request")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        run(args)
    except Failed as exc:
        print(f"adaldyq-verify: FAILED: {exc}", file=sys.stderr)
        return 1
    except (FetchError, FormatError) as exc:
        print(f"adaldyq-verify: could not verify: {exc}", file=sys.stderr)
        return 2
    print("adaldyq-verify: OK", file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
