# Risikoværkstedet: `make run` starts the workbench with demo data, `make test` runs every test,
# `make lock` regenerates the pinned install files.
PYTHON ?= python3
# The test environment (.venv): runtime + test tools, from requirements-dev.lock.
VENV := .venv
BIN := $(VENV)/bin
# The runtime environment (.venv-run): what the server needs and nothing else, from requirements.lock.
RUN_VENV := .venv-run
RUN_BIN := $(RUN_VENV)/bin
DB ?= $(or $(RISK_DB),data/risk.duckdb)
PORT ?= 8501
# pip-compile's options for both lock files: hashes for every file, no local index paths written into them.
PIP_COMPILE_OPTS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-trusted-host \
	--no-emit-find-links --resolver=backtracking

.PHONY: run test test-fast lint bench clean-db lock

# Installs exactly the pinned, hashed set (pip refuses anything else).
$(BIN)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

$(RUN_BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(RUN_VENV)
	$(RUN_BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

run: $(RUN_BIN)/.installed
	$(RUN_BIN)/python -m riskmodel demo --db $(DB) --if-empty
	RISK_DB=$(DB) $(RUN_BIN)/python serve.py --server.port $(PORT) --server.address 127.0.0.1 --server.headless true

# Both lock files from requirements.txt / requirements-dev.txt, with pip-tools in a venv of its own (so it
# works before .venv exists, and after a merge changed the requirements). Pins already in a lock file are
# kept where the ranges allow; `make lock LOCK_ARGS=--upgrade` moves everything to the newest allowed. The dev
# lock is constrained by the runtime lock: tests run the very versions `make run` serves with.
LOCK_VENV := .venv-lock
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet "pip-tools>=7.4,<8"; }
	$(LOCK_VENV)/bin/pip-compile $(PIP_COMPILE_OPTS) $(LOCK_ARGS) --output-file requirements.lock requirements.txt
	$(LOCK_VENV)/bin/pip-compile $(PIP_COMPILE_OPTS) $(LOCK_ARGS) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

# Three workers taking tests one by one as they free up (--dist loadgroup); the browser tests in one unit per worker
# (tests/conftest.py pytest_xdist_make_scheduler), each with one streamlit server and one Chromium. Three on two
# cores: a browser test mostly waits (a third of a core), so a third worker fills the idle CPU (06-12-2026, this
# 2-core machine, idle: 10 min 57 s with two workers, 9 min 23 s with three).
TEST_WORKERS ?= 3
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup
# The quick loop (no browser, no load tests): every unit and store test not marked `slow` (threads, subprocesses,
# whole Excel files and demo municipalities: 276 tests, run by `make test`), and the AppTests of the page smoke
# tests, the source checks and who sees which page. 2 min 42 s on an idle 2-core machine (06-12-2026; goal 3).
FAST_TESTS := tests/unit tests/store tests/app/test_pages.py tests/app/test_app_source.py tests/app/test_app_roles.py

test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PYTEST)

test-fast: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not slow" $(FAST_TESTS)  # CPU-bound: one worker per core

lint: $(BIN)/.installed
	$(BIN)/ruff check .

bench: $(BIN)/.installed
	$(BIN)/python -m bench $(BENCH_ARGS)

clean-db:
	rm -f $(DB) $(DB).wal
