"""Demo: give the demo installation its (public, seed-derived) log key and sign a checkpoint
over everything the other demo loaders recorded."""

from __future__ import annotations

from adaldyq.transparency import checkpoints, keys
from adaldyq.transparency.exceptions import NoLogKey


def load(seed: int = 2026) -> str:
    try:
        signer = keys.signers()[0]
    except NoLogKey:
        signer = keys.generate(seed=keys.demo_seed(seed))
    checkpoint = checkpoints.current()
    return (f"transparency log: {checkpoint.size} leaves, checkpoint signed; verifier key {signer.verifier.text} "
            "(a demo key: its private half is derived from the public seed)")
