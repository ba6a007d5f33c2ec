"""Hostile exchange packages: the memory and time `package.verify` spends on them.

Measured in this process with tracemalloc (the peak of Python allocations while
`adaldyq.cooperation.package.verify` runs, the package's own bytes excluded, since
they are already in memory when verification starts) and wall time, for:

* the largest package allowed (`MAX_PACKAGE_BYTES`) made of small Person entities,
  the worst shape for memory (most entities per byte);
* a ZIP bomb: 1 GiB of zeros deflated into a few hundred KB, the three member names;
* a manifest nested 30,000 levels deep.

Target: under 100 MB for any package (issue 10: a 30 KB bomb inflated to 1 GB).
"""

from __future__ import annotations

import base64
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench.util import RUNS, Headline, Recording, spread, write_result

BUDGET_MB = 100


def _largest(pkg: Any, ftm: Any, key: Ed25519PrivateKey) -> bytes:
    entities: list[dict[str, Any]] = []
    size, i = 0, 0
    while size < pkg.MAX_PACKAGE_BYTES - 64 * 1024:
        entity = ftm.person(f"vn-gi-{i:07d}", f"Nguyen Van Demo {i}", country="vn")
        entities.append(entity)
        size += len(pkg.entities_jsonl([entity]))
        i += 1
    data = pkg.build(entities, sender="VN-GI", recipient="KZ-ACA", sequence=1, key=key).data
    while len(data) > pkg.MAX_PACKAGE_BYTES:
        entities = entities[:-200]
        data = pkg.build(entities, sender="VN-GI", recipient="KZ-ACA", sequence=1, key=key).data
    return data


def _bomb(pkg: Any) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(pkg.MANIFEST, b"{}")
        with archive.open(pkg.ENTITIES, "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(1024):
                member.write(chunk)
        archive.writestr(pkg.SIGNATURE, b"x")
    return buffer.getvalue()


def _nested(pkg: Any, key: Ed25519PrivateKey) -> bytes:
    manifest = b"[" * 30_000 + b"]" * 30_000
    signature = base64.b64encode(key.sign(manifest)) + b"\n"
    return pkg.canonical_zip([(pkg.MANIFEST, manifest), (pkg.ENTITIES, b""), (pkg.SIGNATURE, signature)])


def _measure(verify: Callable[[], Any], refused: type[Exception]) -> dict[str, Any]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        verify()
        outcome = "verified"
    except refused as exc:
        outcome = f"refused: {str(exc)[:80]}"
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"peak_mb": peak / 1024 / 1024, "seconds": seconds, "outcome": outcome}


def main() -> None:
    from adaldyq.cooperation import ftm
    from adaldyq.cooperation import package as pkg
    from adaldyq.cooperation.exceptions import PackageRefused

    recording = Recording()
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    keys = {"VN-GI": key.public_key()}
    cases = {"largest allowed package": _largest(pkg, ftm, key), "zip bomb (1 GiB inflated)": _bomb(pkg),
             "manifest nested 30,000 deep": _nested(pkg, key)}
    results: dict[str, Any] = {}
    headline = []
    for name, data in cases.items():
        runs = [_measure(lambda d=data: pkg.verify(d, keys=keys, recipient="KZ-ACA"), PackageRefused)
                for _ in range(RUNS)]
        results[name] = {"package_bytes": len(data), "outcome": runs[0]["outcome"],
                         "peak_mb": spread([r["peak_mb"] for r in runs], 1),
                         "seconds": spread([r["seconds"] for r in runs], 2)}
        peak = results[name]["peak_mb"]
        print(f"[security] {name}: {len(data):,} bytes, {runs[0]['outcome']}, peak {peak['median']} MB, "
              f"{results[name]['seconds']['median']} s", flush=True)
        headline.append(Headline(f"Exchange package verify, {name}: peak memory", f"< {BUDGET_MB} MB",
                                 f"{peak['median']} MB ({peak['min']}–{peak['max']})", peak["max"] < BUDGET_MB))
    write_result("security", recording, timed_what="adaldyq.cooperation.package.verify(data) in-process: "
                 "tracemalloc peak of Python allocations (the package bytes already loaded are not counted) "
                 "and wall time", data=f"synthetic packages; the largest is {len(cases['largest allowed package']):,}"
                 " bytes of Person entities", results=results, headline=headline)


if __name__ == "__main__":
    main()
