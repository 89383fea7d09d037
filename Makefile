# openhire: `make run` to try it, `make test` to test it, `make check` before every commit.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/openhire
PYTEST_ARGS ?=

.PHONY: run test test-sqlite test-postgres check lint typecheck importlint messages services system-deps clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP) ## install, migrate, load demo data, serve web + worker on http://127.0.0.1:8000
	$(BIN)/openhire serve --port $${PORT:-8000}

system-deps: ## Debian packages the tests need (Chromium, espeak-ng, CJK fonts, gettext)
	@bash scripts/system-deps.sh

services: ## start PostgreSQL and Redis when they are not running
	@bash scripts/services.sh

test: $(STAMP) system-deps services test-sqlite test-postgres ## the whole suite on SQLite and PostgreSQL

test-sqlite: $(STAMP)
	@echo "== tests on SQLite =="
	OPENHIRE_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -p no:randomly $(PYTEST_ARGS)

test-postgres: $(STAMP) services
	@echo "== tests on PostgreSQL =="
	OPENHIRE_DATA_DIR=$$(mktemp -d) DATABASE_URL=$(PG_URL) $(BIN)/pytest --create-db -p no:randomly $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy openhire

importlint: $(STAMP)
	$(BIN)/lint-imports

messages: $(STAMP) ## compile translations (after editing openhire/locale/*/LC_MESSAGES/django.po)
	cd openhire && ../$(BIN)/openhire manage compilemessages --ignore=.venv

check: lint typecheck importlint test ## ruff, mypy, import-linter and the tests

clean:
	rm -rf $(VENV) data
