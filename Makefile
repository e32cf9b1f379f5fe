# Kooperacja: everything a fresh clone needs comes from here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export KOOPERACJA_DATABASE_URL ?= sqlite:///instance/kooperacja.db

.PHONY: run test lint format bench clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p instance
	$(BIN)/kooperacja init-db
	$(BIN)/kooperacja deploy processes
	$(BIN)/kooperacja serve --host 127.0.0.1 --port 5000

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/engine_bench.py --quick

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache *.egg-info
