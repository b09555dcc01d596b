# The two commands a fresh machine needs: `make run` and `make test`.
# Both install what they need first: the Debian packages (scripts/system-packages; apt-get as
# root, otherwise one line naming what to install), then the Python packages into .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev system-run system-test lint ci clean

system-run:
	@PYTHON=$(PYTHON) bash scripts/system-packages run

system-test:
	@PYTHON=$(PYTHON) bash scripts/system-packages test

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: system-run $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt

install-dev: system-test $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt

# Install, migrate, load the demo data and serve http://127.0.0.1:8000 (SQLite, DEBUG on).
run: install
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_demo
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Install everything the tests use and run the whole suite, browser tests included
# (SQLite unless DATABASE_URL is set; PYTEST_ARGS narrows it, e.g. "-m 'not browser'").
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
