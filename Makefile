# cobsim - every target builds its own virtual environment in .venv from pyproject.toml.
# `make run` shows the engine on the examples (the app once it exists); `make test` runs the checks and tests.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CODE   := cobsim generators tests $(wildcard app.py) $(wildcard scripts)

.PHONY: setup run test lint typecheck format e2e bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/cobsim explain examples/naic/c02-birthday-rule.json
	$(BIN)/cobsim solve examples/medicare/c15-horizon-three-payers.json

lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

test: $(STAMP) lint typecheck
	$(BIN)/pytest -n 2 -m "not e2e"

e2e: $(STAMP)
	$(BIN)/pytest -m e2e

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
