# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test faults lint format clean screenshots

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

## test: run the whole test suite (but the fault suite)
test: $(VENV)/.dev-installed
	$(PY) -m pytest

## faults: the fault suite: PostgreSQL restarted under load, an import killed half-way, 200
## racing If-Match pairs (minutes; its own embedded PostgreSQL; prints its figures)
faults: $(VENV)/.dev-installed
	$(PY) -m pytest -m fault -p no:cacheprovider -rA

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles

## screenshots: write docs/screenshots/claim-form.png and source-form.png (Chromium, headless)
screenshots: $(VENV)/.dev-installed
	FACTBASE_SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest tests/browser/test_screenshots.py -q -p no:cacheprovider
