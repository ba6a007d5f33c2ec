# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two call, plus `make bench`.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser tests drive this Chromium (Debian's package); no browser is ever downloaded.
CHROMIUM ?= /usr/bin/chromium
SCREENSHOTS ?= var/screenshots

.PHONY: run test install lint typecheck test-sqlite test-postgres test-browser test-spark screenshots bench bench-report bench-screening-quality bench-screening-development messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the pinned requirements or the package metadata change.
$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# A development server: ADALDYQ_DEBUG=1 lets it start with the development key and
# localhost names over plain HTTP, which production refuses (docs/deployment.md).
run: export ADALDYQ_DEBUG ?= 1
run: install
	$(BIN)/adaldyq migrate --noinput
	$(BIN)/adaldyq demo --if-empty
	$(BIN)/adaldyq serve --host $(HOST) --port $(PORT)

# ruff, then the import contracts between apps (pyproject.toml [tool.importlinter]).
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

typecheck: export ADALDYQ_DEBUG ?= 1
typecheck: install
	$(BIN)/mypy

# The whole suite on SQLite; then the database tests again on PostgreSQL; then the
# browser tests (Chromium against a live server).
test: lint typecheck test-sqlite test-postgres test-browser

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -n 2 -q -m "not browser and not spark"

# The procurement indicators on Apache Spark (local mode, one JVM for the session) must
# print exactly what DuckDB prints. Needs Java 17; .ci/run calls it after `make test`.
test-spark: install
	env -u DATABASE_URL $(BIN)/pytest -q -m spark tests/procurement/test_spark.py

test-postgres: install
	@if $(BIN)/python -m adaldyq.core.pgcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest -n 2 -q -m "(db or postgres) and not browser and not spark"; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL at $(PG_URL) is unreachable, and CI is set: failing."; exit 1; \
	else \
		echo "PostgreSQL at $(PG_URL) is unreachable: skipping the PostgreSQL run (outside CI only)."; \
	fi

# Playwright drives $(CHROMIUM) against `adaldyq serve` on a fresh SQLite database (tests/browser/).
test-browser: install
	@if [ -x "$(CHROMIUM)" ]; then \
		env -u DATABASE_URL ADALDYQ_CHROMIUM="$(CHROMIUM)" $(BIN)/pytest -q -p no:cacheprovider -m browser tests/browser; \
	elif [ -n "$$CI" ]; then \
		echo "No Chromium at $(CHROMIUM), and CI is set: failing. .ci/run installs Debian's 'chromium' package."; exit 1; \
	else \
		echo "Browser tests skipped: no Chromium at $(CHROMIUM)."; \
		echo "  Install it with 'sudo apt-get install chromium' (Debian/Ubuntu),"; \
		echo "  or give another binary with 'make test-browser CHROMIUM=/path/to/chromium'."; \
	fi

# Screenshots of the public pages (register, assets dashboard) in kk/ru/en at 1366 and 390 px.
screenshots: install
	env -u DATABASE_URL ADALDYQ_CHROMIUM="$(CHROMIUM)" ADALDYQ_SCREENSHOTS="$(SCREENSHOTS)" \
		$(BIN)/pytest -q -p no:cacheprovider -m browser tests/browser/test_public_pages.py
	@echo "Screenshots in $(SCREENSHOTS)/"

bench: install
	$(BIN)/python -m bench
	$(BIN)/python -m bench.report

# The README's benchmark table, regenerated from the committed bench/results/*.json.
bench-report: install
	$(BIN)/python -m bench.report

# Name-matching quality (issue 12), one target for every figure: development and frozen
# parts and name_bench F1 at the default threshold (bench/results/screening_quality.json),
# and namesakes with another patronymic, false and true match rates on synthetic entities
# (bench/results/screening_namesakes.json); then the README table.
bench-screening-quality: install
	$(BIN)/python -m bench screening_quality screening_namesakes
	$(BIN)/python -m bench.report

# While writing matching rules: the development part and its errors only, no frozen figures.
bench-screening-development: install
	$(BIN)/python -m bench.screening_quality --development

# One part's benchmark, e.g. `make bench-register`, `make bench-screening` (evaluation + speed).
bench-%: install
	$(BIN)/python -m bench $*

messages: export ADALDYQ_DEBUG ?= 1
messages: install
	cd src/adaldyq && ../../$(BIN)/adaldyq compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
