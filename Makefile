# The two commands of the README: `make run` and `make test`. Everything else is a helper.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTHON ?= python3

.PHONY: install system-packages run test test-sqlite typecheck lint bench messages worker clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

## make install: the Debian packages the app and its tests need (scripts/system-packages.sh), then
## the virtualenv with the pinned Python requirements.
install: system-packages $(VENV)/.installed

system-packages:
	@bash scripts/system-packages.sh

## make run: SQLite + embedded Celery transport + demo data; web, worker and beat; Ctrl-C stops all.
run: install
	exec env PORT=$(PORT) PY=$(PY) bash scripts/run.sh

## make test: the whole suite on PostgreSQL (DATABASE_URL, default postgres@127.0.0.1:5432).
test: install
	$(PY) -m pytest --create-db $(PYTEST_ARGS)

## make test-sqlite: the suite on SQLite, the embedded default of `make run`, so each database
## branch meets real queries. Skipped: tests about PostgreSQL itself or a worker in another process
## (marked `postgresql`), and the browser journeys, which read the same views and queries through
## a browser and would double CI's time without reaching another database path.
test-sqlite: install
	DATABASE_URL=sqlite:///$(CURDIR)/var/test-sqlite.db $(PY) -m pytest --create-db -m "not postgresql and not browser" $(PYTEST_ARGS)

## make typecheck: mypy (django-stubs, djangorestframework-stubs) over apps/. The rule, service,
## selector and permission modules have no error at all; elsewhere the errors listed in
## mypy-baseline.txt are tolerated, a new one fails, and a fixed one must be removed from the
## file (`mypy | mypy-baseline sync`), so the list only shrinks.
STRICT_MODULES := (services|selectors|deadlines|facts|sweep|permissions)\.py:
typecheck: install
	$(VENV)/bin/mypy | $(VENV)/bin/mypy-baseline filter --baseline-path mypy-baseline.txt --no-colors --hide-stats
	@! grep -E '$(STRICT_MODULES)' mypy-baseline.txt || (echo "typecheck: the modules above must have no mypy error" && false)

## make lint: ruff, then the import contracts of pyproject.toml (import-linter: the apps' layers,
## organizations without congresses, core without apps, nothing importing devtools).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

messages: install
	$(PY) manage.py makemessages -l en -i '.venv/*' -i 'var/*' -i '*/migrations/*' -i 'tests/*'
	$(PY) manage.py compilemessages -i .venv

## make bench: generate the national data set in PostgreSQL database "bench" (once) and measure.
bench: install
	PY=$(PY) bash scripts/bench.sh

clean:
	rm -rf var/db.sqlite3 var/celery var/cache

.PHONY: loadtest
## make loadtest: gunicorn (prod settings) on the bench database under wrk; see docs/PERFORMANCE.md
loadtest: install
	PY=$(PY) bash scripts/loadtest.sh
