# Service desk — developer entry points.
#
#   make run          set up .venv, migrate, load the demo estate, serve it with gunicorn (HOST, PORT)
#   make test         run every test on SQLite, then on a throw-away PostgreSQL
#   make test-sqlite  SQLite only (quick dev loop)
#   make clean        remove .venv, the instance database and build leftovers
#   make bench        benchmark the live queue against bare Flask (TICKETS=1000000 for a 1M history)
#   make fuzz         the no-5xx fuzz test, long (FUZZ_EXAMPLES=10000), on SQLite then PostgreSQL
#
# Pass arguments to pytest with PYTEST_ARGS, e.g. make test PYTEST_ARGS="-k ticket -x".

SHELL := /bin/sh

PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp
FLASK := $(BIN)/flask --app webapp
PYTEST := $(BIN)/python -m pytest
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 5000
PG_TEST_SERVER := bash scripts/pg-test-server

PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help setup translations migrate demo run test test-sqlite test-postgres fuzz clean bench

help:
	@sed -n '3,11s/^# \{0,1\}//p' Makefile

# ---- setup ---------------------------------------------------------------

# (Re)install the package whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@if ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
	  rm -rf $(VENV); \
	  echo "$(PY) -m venv $(VENV)"; \
	  if ! $(PY) -m venv $(VENV); then \
	    rm -rf $(VENV); \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "venv support missing: installing Debian's python3-venv"; \
	      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv \
	        && $(PY) -m venv $(VENV) || exit 1; \
	    else \
	      echo "error: '$(PY) -m venv' failed; install python3-venv (Debian/Ubuntu) and retry" >&2; \
	      exit 1; \
	    fi; \
	  fi; \
	fi
	$(BIN)/python -m pip install -e '.[test]'
	touch $@

# Compiled catalogs are not in git; rebuilt only when their .po changes.
translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

translations: $(MO_FILES)

setup: $(STAMP) $(MO_FILES)

# ---- app -----------------------------------------------------------------

migrate: setup
	$(FLASK) migrate

# Where phones reach this machine: printed in the demo's links and on its stickers. From a phone on the same
# network: make run HOST=0.0.0.0 PUBLIC_BASE_URL=http://<this-machine's-ip>:5000
PUBLIC_BASE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
export PUBLIC_BASE_URL

demo: migrate
	$(FLASK) demo

# Served as in production (the Procfile's gunicorn), not by Flask's development server.
run: demo
	@echo "Serving on $(HOST):$(PORT) with gunicorn; open $(PUBLIC_BASE_URL) (Ctrl-C stops it)"
	$(BIN)/gunicorn --workers 3 --bind $(HOST):$(PORT) 'webapp:create_app()'

# ---- tests ---------------------------------------------------------------

# On SQLite and on a throw-away PostgreSQL at the same time (scripts/both-databases): both always run.
test: setup
	@bash scripts/ensure-chromium
	@bash scripts/both-databases $(PYTEST) $(PYTEST_ARGS)

test-sqlite: setup
	@bash scripts/ensure-chromium
	@echo "==================== pytest on SQLite (DATABASE_URL unset) ===================="
	@unset DATABASE_URL; $(PYTEST) $(PYTEST_ARGS)

test-postgres: setup
	@echo "==================== pytest on PostgreSQL (throw-away server) =================="
	@$(PG_TEST_SERVER) run $(PYTEST) $(PYTEST_ARGS)

# Generated requests to every route as every role (tests/test_fuzz.py), many more than `make test` sends.
FUZZ_EXAMPLES ?= 10000

fuzz: setup
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) bash scripts/both-databases $(PYTEST) tests/test_fuzz.py -s $(PYTEST_ARGS)

# ---- benchmark -----------------------------------------------------------

# Prints figures, asserts nothing; needs wrk (installed from Debian when root). See scripts/bench.py.
TICKETS ?= 100000

bench: setup
	$(BIN)/python scripts/bench.py --tickets $(TICKETS)
	$(BIN)/python scripts/bench_scan.py
	$(BIN)/python scripts/bench_upload.py
	$(BIN)/python scripts/bench_import.py
	$(BIN)/python scripts/bench_duty.py
	$(BIN)/python scripts/bench_patrol.py
	$(BIN)/python scripts/bench_parcels.py
	$(BIN)/python scripts/bench_counter.py
	$(BIN)/python scripts/bench_report.py
	$(BIN)/python scripts/bench_escalation.py

# ---- housekeeping --------------------------------------------------------

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
	rm -f instance/*.db instance/*.db-shm instance/*.db-wal instance/*.sqlite instance/*.sqlite3
	rm -f $(MO_FILES)
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
