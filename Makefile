# Risikoværkstedet: `make run` starts the workbench with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= $(or $(RISK_DB),data/risk.duckdb)
PORT ?= 8501

.PHONY: run test test-fast lint bench clean-db

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m riskmodel demo --db $(DB) --if-empty
	RISK_DB=$(DB) $(BIN)/streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1 --server.headless true

# Two workers taking tests one by one as they free up (--dist loadgroup); the browser tests stay together on one
# worker (tests/conftest.py pytest_xdist_make_scheduler), so a single streamlit server and Chromium serve them all.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup
# The quick loop (no browser, no load tests): every unit and store test, and the AppTests of the page
# smoke tests, the source checks and who sees which page. Runs in under 3 minutes on an idle 2-core machine.
FAST_TESTS := tests/unit tests/store tests/app/test_pages.py tests/app/test_app_source.py tests/app/test_app_roles.py

test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PYTEST)

test-fast: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PYTEST) $(FAST_TESTS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .

bench: $(BIN)/.installed
	$(BIN)/python -m bench $(BENCH_ARGS)

clean-db:
	rm -f $(DB) $(DB).wal
