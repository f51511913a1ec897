# Risikoværkstedet: `make run` starts the workbench with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= $(or $(RISK_DB),data/risk.duckdb)
PORT ?= 8501

.PHONY: run test lint bench clean-db

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m riskmodel demo --db $(DB) --if-empty
	RISK_DB=$(DB) $(BIN)/streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1 --server.headless true

# Two workers, each taking whole test files (module fixtures such as the demo database are built once per file).
TEST_WORKERS ?= 2

test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: $(BIN)/.installed
	$(BIN)/ruff check .

bench: $(BIN)/.installed
	$(BIN)/python -m bench $(BENCH_ARGS)

clean-db:
	rm -f $(DB) $(DB).wal
