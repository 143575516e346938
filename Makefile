# Two entry points: `make build` (install + build the dataset from raw/) and `make test`.
# Everything is installed into .venv by this file; nothing else is needed on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: build test lint install clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,data,dask]'
	touch $@

install: $(BIN)/.installed

build: $(BIN)/.installed
	$(BIN)/baokan build --raw raw --out output

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) output .pytest_cache .ruff_cache .hypothesis
