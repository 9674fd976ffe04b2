# make run   install (first time only) and serve the API on http://127.0.0.1:8000
# make test  install (first time only), lint, and run every test tier
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run worker test test-unit test-api test-integration lint clean

install: $(STAMP)

# Re-installs only when pyproject.toml changes (the stamp is newer otherwise).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/factcheck serve --host $(HOST) --port $(PORT)

worker: install
	$(BIN)/factcheck worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest

test-unit: install
	$(BIN)/pytest tests/unit

test-api: install
	$(BIN)/pytest tests/api

test-integration: install
	$(BIN)/pytest -m integration

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
