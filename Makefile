# slingcoach: two commands do all the set-up.
#   make run   - create .venv, install, seed the demo practice and start the web app
#   make demo  - the terminal pipeline on the bundled sample data (report, program, exports)
#   make test  - create .venv, install with test extras, run ruff, mypy and pytest
#   make bench - run the benchmarks in benchmarks/ and print their figures

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: run demo test lint typecheck pytest bench clean vendor

# Front-end packages of the web app (htmx, uPlot) come from the npm registry at set-up and are
# copied into web/static/vendor/ (git-ignored; no CDN). Without npm the step says so and the
# tests that need the files skip.
WEB := src/slingcoach/web
VENDOR := $(WEB)/static/vendor
VENDOR_FILES := htmx.org/dist/htmx.min.js uplot/dist/uPlot.iife.min.js uplot/dist/uPlot.min.css

$(VENDOR)/.copied: $(WEB)/frontend/package.json $(WEB)/frontend/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(WEB)/frontend --no-audit --no-fund --loglevel=error && \
		mkdir -p $(VENDOR) && \
		for f in $(VENDOR_FILES); do cp $(WEB)/frontend/node_modules/$$f $(VENDOR)/; done && \
		touch $@; \
	else \
		echo "npm not found: the web app's front-end packages were not installed (apt-get install npm)"; \
	fi

vendor: $(VENDOR)/.copied

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "slingcoach needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# compileall: byte-compile our sources once, so start-up stays fast even where
# PYTHONDONTWRITEBYTECODE is set (it stops Python from caching them on import).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q src >/dev/null
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q src >/dev/null
	touch $(VENV)/.installed $@

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

# The web app on SQLite with a seeded demo practice (idempotent: seeding again changes nothing).
DEMO_DB ?= $(OUT)/demo-web.db
HOST ?= 127.0.0.1
PORT ?= 8000

run: $(VENV)/.installed $(VENDOR)/.copied
	$(BIN)/python -m compileall -q src >/dev/null
	@mkdir -p $(OUT)
	$(BIN)/slingcoach seed-demo --db sqlite:///$(abspath $(DEMO_DB))
	$(BIN)/slingcoach serve --db sqlite:///$(abspath $(DEMO_DB)) --host $(HOST) --port $(PORT)

demo: $(VENV)/.installed
	$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/slingcoach demo --out $(OUT) --client samples/right-weak.yaml

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test $(VENDOR)/.copied
	$(BIN)/pytest -n 2

test: lint typecheck pytest

bench: $(VENV)/.installed-bench
	$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache $(VENDOR) $(WEB)/frontend/node_modules
