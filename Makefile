# Two entry points: `make build` (install what building needs + build the dataset from raw/) and
# `make test` (adds the test extras: readers, validators, the data-table sources the gazetteer test
# rebuilds from, Dask; then ruff and the test suite).
# Everything is installed into .venv by this file; nothing else is needed on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: build test lint install install-test clean

# Only the run-time dependencies: no test readers/validators (datasets, mlcroissant, duckdb…).
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,data,dask]'
	touch $@

install: $(BIN)/.installed

install-test: $(BIN)/.installed-test

build: $(BIN)/.installed
	$(BIN)/baokan build --raw raw --out output

lint: $(BIN)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) output .pytest_cache .ruff_cache .hypothesis
