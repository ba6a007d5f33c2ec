"""Fixtures for the procurement tests (plain pytest, no database).

* ``shared_dir``: the read-only ``shared/`` folder beside the repository (or
  ``$ADALDYQ_SHARED_DIR``), which holds Cardinal's conformance fixtures.
* ``generated``: a small synthetic OCDS file written once per session.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:  # until the package is installed in the environment
    sys.path.insert(0, str(SRC))

from procurement_support import SHARED  # noqa: E402


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from adaldyq.procurement.generate import write_jsonl

    return write_jsonl(tmp_path_factory.mktemp("ocds") / "generated.jsonl", 3000, seed=7)
