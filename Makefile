# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: help run test test-fast coverage faults bench lint typecheck format clean screenshots

# The test runs use both cores (pytest-xdist); PYTEST_WORKERS=0 runs in one process. Workers
# steal queued tests from each other, so one long test does not leave a core idle at the end.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) $(if $(filter 0,$(PYTEST_WORKERS)),,--dist worksteal)
# pytest caches the test modules it rewrites (and its plugins') as byte code; where
# PYTHONDONTWRITEBYTECODE is set, every pytest process would compile ~2,000 modules again.
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.runtime-installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: start the service with the seeds imported on http://127.0.0.1:8000 (PORT overrides)
run: $(VENV)/.runtime-installed
	$(PY) manage.py serve

## test: run the whole test suite but the fault suite (browser and fuzz tests included), in parallel
test: $(VENV)/.dev-installed
	$(PYTEST) $(PYTEST_PARALLEL)

## test-fast: the quick loop: no browser, no fuzzers, nothing marked slow
# The schemathesis module is left out before collection, not only deselected: collecting it
# builds every operation's test and its coverage-phase examples (~6 s of CPU in each worker);
# its plugin is not loaded either (0.3 s of imports in each process).
test-fast: $(VENV)/.dev-installed
	$(PYTEST) $(PYTEST_PARALLEL) -q -m 'not fault and not slow and not hypothesis' \
		--ignore=tests/browser --ignore=tests/api/test_schemathesis.py -p no:schemathesis

## coverage: the test suite with branch coverage; prints the report, writes htmlcov/
coverage: $(VENV)/.dev-installed
	$(PYTEST) $(PYTEST_PARALLEL) -q --cov --cov-report=term:skip-covered --cov-report=html

## faults: the fault suite (minutes, own embedded PostgreSQL): database restarts, killed imports, races
faults: $(VENV)/.dev-installed
	$(PY) -m pytest -m fault -p no:cacheprovider -rA

## bench: the newsroom benchmark on the server in DATABASE_URL (CLAIMS claims, default a million; loaded once, reused); writes docs/benchmarks.md
CLAIMS ?= 1000000
bench: $(VENV)/.dev-installed
	@test -n "$(DATABASE_URL)" || { echo "Set DATABASE_URL to a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/postgres)"; exit 2; }
	$(PY) bench/run_newsroom.py --claims $(CLAIMS) --write-docs

## lint: ruff check, ruff format --check and the import contracts (pyproject.toml)
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

## typecheck: mypy (django-stubs, djangorestframework-stubs) over the whole project
typecheck: $(VENV)/.dev-installed
	DATABASE_URL=postgresql://localhost/typecheck $(VENV)/bin/mypy .

## format: fix what ruff can and format the code
format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## clean: remove the virtualenv and collected static files (keeps var/: the database)
clean:
	rm -rf $(VENV) staticfiles

## screenshots: write docs/screenshots/claim-form.png and source-form.png (Chromium, headless)
screenshots: $(VENV)/.dev-installed
	FACTBASE_SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest tests/browser/test_screenshots.py -q -p no:cacheprovider
