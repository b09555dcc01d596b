# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint ci browser-deps clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt

install-dev: $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt

# Install, migrate, load the demo data and serve http://127.0.0.1:8000 (SQLite, DEBUG on).
run: install
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_demo
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Install the development requirements and run the whole suite (SQLite unless DATABASE_URL is set).
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles
