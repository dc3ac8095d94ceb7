# cobsim - every target builds its own virtual environment in .venv from pyproject.toml.
# `make run` starts the app; `make test` runs lint, type checks and every test (the browser tests run when
# Debian's chromium is installed: `make browser` installs it, as root, with apt-get; the store tests also run on
# PostgreSQL when COBSIM_TEST_POSTGRES is set: `make postgres` starts Debian's server on loopback, as root).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CODE   := cobsim generators ui tests examples/engines $(wildcard app.py) $(wildcard scripts)

.PHONY: setup run demo test lint typecheck format e2e browser postgres load bench clean

PORT ?= 8501

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

demo: $(STAMP)
	$(BIN)/cobsim explain examples/naic/c02-birthday-rule.json
	$(BIN)/cobsim solve examples/payments/p1-medicare-secondary-411-33b.json

lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

# the browser tests run on their own after the rest: chromium and a live app server would otherwise share the two
# cores with the timing-sensitive tests (engine time-outs in the conformance kit)
test: $(STAMP) lint typecheck
	$(BIN)/pytest -n 2 -m "not e2e"
	$(BIN)/pytest -m e2e

e2e: $(STAMP)
	$(BIN)/pytest -m e2e

browser:
	@test -x /usr/bin/chromium || (apt-get update -q && apt-get install -y -q chromium)
	@command -v dot >/dev/null || apt-get install -y -q graphviz || true

# a private PostgreSQL server for the store tests; prints the variable to export:  eval "$$(make -s postgres)"
postgres:
	@.ci/postgres

# 100 simulated trainees answering at once on 2 app replicas (loopback only); see scripts/load_practice.py --help
load: $(STAMP)
	$(BIN)/python scripts/load_practice.py

# generation first, then whichever of the solve, start-up and conformance benchmarks exist (each prints its baseline)
BENCHES := $(wildcard scripts/bench_solve.py scripts/bench_startup.py scripts/bench_conform.py)
bench: $(STAMP)
	$(BIN)/python scripts/bench_generate.py
	@set -e; for script in $(BENCHES); do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
