# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two call, plus `make bench`.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint typecheck test-sqlite test-postgres test-spark bench bench-report messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the pinned requirements or the package metadata change.
$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/adaldyq migrate --noinput
	$(BIN)/adaldyq demo --if-empty
	$(BIN)/adaldyq serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy

# The whole suite on SQLite; then the database tests again on PostgreSQL.
test: lint typecheck test-sqlite test-postgres

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -n 2 -q

# The procurement indicators on Apache Spark (local mode, one JVM for the session) must
# print exactly what DuckDB prints. Needs Java 17; .ci/run calls it after `make test`.
test-spark: install
	env -u DATABASE_URL $(BIN)/pytest -q -m spark tests/procurement/test_spark.py

test-postgres: install
	@if $(BIN)/python -m adaldyq.core.pgcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest -n 2 -q -m "db or postgres"; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL at $(PG_URL) is unreachable, and CI is set: failing."; exit 1; \
	else \
		echo "PostgreSQL at $(PG_URL) is unreachable: skipping the PostgreSQL run (outside CI only)."; \
	fi

bench: install
	$(BIN)/python -m bench
	$(BIN)/python -m bench.report

# The README's benchmark table, regenerated from the committed bench/results/*.json.
bench-report: install
	$(BIN)/python -m bench.report

# One part's benchmark, e.g. `make bench-register`, `make bench-screening` (evaluation + speed).
bench-%: install
	$(BIN)/python -m bench $*

messages: install
	cd src/adaldyq && ../../$(BIN)/adaldyq compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
