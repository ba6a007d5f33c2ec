"""The transparency log's pure parts: no Django, only the standard library and `cryptography`.

- `merkle`: the Merkle tree of RFC 9162 §2.1: hashes, proofs, their verification.
- `tiles`: C2SP tlog-tiles: tile paths, hash tiles, entry bundles.
- `note`: C2SP signed-note and tlog-cosignature with Ed25519: keys, signing, verifying.
- `checkpoint`: C2SP tlog-checkpoint bodies.
- `entry`: canonical JSON leaf entries and salted commitments to personal parts.
- `witness`: C2SP tlog-witness, both the request a log sends and the witness's decision.
- `verify`: the `adaldyq-verify` console script anyone can run against a site.

The server (`adaldyq.transparency`) and `adaldyq-verify` share these modules, so the
bytes the agency publishes and the checks a citizen runs come from one definition.
"""
