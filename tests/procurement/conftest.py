"""Fixtures for the procurement tests (plain pytest, no database).

* ``shared_dir``: the read-only ``shared/`` folder beside the repository (or
  ``$ADALDYQ_SHARED_DIR``), which holds Cardinal's conformance fixtures.
* ``generated``: a small synthetic OCDS file written once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.procurement.support import SHARED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from adaldyq.procurement.generate import write_jsonl

    return write_jsonl(tmp_path_factory.mktemp("ocds") / "generated.jsonl", 3000, seed=7)
