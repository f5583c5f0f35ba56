# The two commands a newcomer types: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= ketnghia2025
PYTEST_ARGS ?=

.PHONY: run test setup assets migrate demo serve check clean-db messages backup restore

run: setup migrate demo serve  ## set up, load units and demo data, serve on http://127.0.0.1:8000

test: $(VENV)/.test-installed assets  ## set up and run the whole test suite
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed assets

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"' 
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-data.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-data.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-data.txt requirements-test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-data.txt
	touch $(VENV)/.installed $@

assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to install the pinned front-end assets"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_admin_units --province 49
	$(PY) manage.py seed_demo --password "$(DEMO_PASSWORD)"

# The background-job worker (exports, annual report, imports, e-mail) runs next to the web server
# and stops with it; with the default TASKS_BACKEND=database it needs nothing else installed.
serve:
	@echo "Portal: http://$(HOST):$(PORT)/   (demo password: $(DEMO_PASSWORD))"
	@$(PY) manage.py run_worker & worker=$$!; \
	  ( trap 'kill $$nap 2>/dev/null; exit 0' TERM INT; \
	    while true; do sleep 900 & nap=$$!; wait $$nap; $(PY) manage.py run_scheduled --inline >/dev/null; done ) & \
	  scheduled=$$!; \
	  trap 'kill $$worker $$scheduled 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: setup  ## refresh the English catalog (msgids are Vietnamese); fill new msgstr, then commit .po and .mo
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --no-location
	$(PY) manage.py compilemessages -l en

clean-db:
	rm -f db.sqlite3

# One dated archive of the database and MEDIA_ROOT (docs: README "Backup and restore").
BACKUP_DIR ?= backups
backup: setup  ## write backups/ketnghia-YYYYmmdd-HHMMSS.tar.gz
	$(PY) manage.py backup --out "$(BACKUP_DIR)"

restore: setup  ## make restore FILE=backups/ketnghia-….tar.gz, into an empty database and MEDIA_ROOT
	@test -n "$(FILE)" || { echo "make restore FILE=backups/ketnghia-….tar.gz"; exit 1; }
	$(PY) manage.py restore "$(FILE)"
