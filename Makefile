# Every target creates the virtual environment from pyproject.toml first, so each works on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint check clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/kg

## Build the bundled example articles into the default embedded store and show what came out.
demo: $(BIN)/kg
	$(BIN)/kg build examples/articles
	$(BIN)/kg stats
	$(BIN)/kg query timeline --format table

## Run the test suite (the command CI runs).
test: $(BIN)/kg
	$(BIN)/python -m pytest -q

lint: $(BIN)/kg
	$(BIN)/ruff check kg loaders tests benchmarks
	$(BIN)/ruff format --check kg loaders tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf .kg build dist
