"""Fixtures for the procurement tests (plain pytest, no database).

* ``generated``: a small synthetic OCDS file (3,000 releases) written once per session.

Fixture files are found through ``support.py``: Cardinal's (copied unchanged, MIT) in
``fixtures/cardinal/``, ours in ``fixtures/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from adaldyq.procurement.generate import write_jsonl

    return write_jsonl(tmp_path_factory.mktemp("ocds") / "generated.jsonl", 3000, seed=7)
