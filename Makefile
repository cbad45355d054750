# The two commands: `make run` serves the catalogue, `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint fixtures check-fixtures messages bench faults clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_catalogue
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fixtures: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py import_notes

check-fixtures: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py import_notes --check

# English messages without source locations, so parallel branches merge cleanly.
messages: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l en --no-location --ignore=.venv --ignore=node_modules --ignore=tests
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

bench: install
	$(BIN)/python bench/import_notes.py

# Database faults under load (PostgreSQL restart/stop, SQLite during imports, soak); needs root.
faults: install
	python3 bench/faults $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
