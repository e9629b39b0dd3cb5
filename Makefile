# Two commands matter: `make run` and `make test`. Everything else is a step they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  := instance/index
CORPUS := corpus
HOST   ?= 127.0.0.1
PORT   ?= 8000
CORPUS_FILES := $(shell find $(CORPUS) -type f 2>/dev/null)

.PHONY: run test test-fast lint index browser clean help bench bench-large loadtest shell wheel-check eval-cranfield

help:
	@echo "make run   - install, build the index from $(CORPUS)/ if needed, serve on http://$(HOST):$(PORT)"
	@echo "make test  - install with dev extras (and Chromium when root) and run the whole suite"
	@echo "make shell - a shell with .venv/bin on the PATH, so \`practices\` works (exit to leave)"
	@echo "make wheel-check - build the wheel, install it in a fresh venv, run every command from another folder"
	@echo "make eval-cranfield DATA=/path/to/cranfield - our scores on Cranfield beside the BM25 reference"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	@touch $@

# The bench extra too: CI runs a smoke test of the benchmark harness with every baseline.
$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[dev,bench]'
	@touch $@

# Brought up to date when missing or older than any corpus file, or than the code that parses and
# indexes it (an index from an older version is rebuilt in full by `practices index`).
INDEX_CODE := $(wildcard ingest/*.py ingest/data/* index/*.py)
$(INDEX)/CURRENT: $(VENV)/.installed $(CORPUS_FILES) $(INDEX_CODE)
	$(BIN)/practices index $(CORPUS) --index $(INDEX) --quiet || [ $$? -eq 3 ]
	@touch $@

index: $(INDEX)/CURRENT

run: $(VENV)/.installed $(INDEX)/CURRENT
	$(BIN)/practices serve --index $(INDEX) --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests; installed when we are root and it is missing.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	fi
	@command -v chromium >/dev/null 2>&1 || echo "Chromium is missing: browser tests will be skipped (run 'make browser' as root)."

test: $(VENV)/.installed-dev browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m "not browser"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# A shell in which `practices` (and the venv's python) come first on the PATH.
shell: $(VENV)/.installed
	@echo "practices is on the PATH in this shell; type exit to leave."
	@PATH="$(CURDIR)/$(BIN):$$PATH" VIRTUAL_ENV="$(CURDIR)/$(VENV)" $${SHELL:-/bin/sh}

# CI after `make test`: what `pip install` gives a user, tried command by command (.ci/wheel_check.py).
wheel-check: $(VENV)/.installed
	$(BIN)/python .ci/wheel_check.py

# An outside collection is never part of the project: pass its folder (docs.jsonl, queries.jsonl, qrels.tsv).
eval-cranfield: $(VENV)/.installed
	@test -n "$(DATA)" || { echo "usage: make eval-cranfield DATA=/path/to/cranfield"; exit 2; }
	$(BIN)/python -m practice_search.bench.cranfield "$(DATA)"

clean:
	rm -rf $(VENV) instance .pytest_cache screenshots

# Benchmarks (bench/README in BENCHMARKS.md): 1k and 10k tiers; bench-large adds 100k.
bench: $(VENV)/.installed-dev
	$(BIN)/python -m practice_search.bench run --sizes 1000 10000

bench-large: $(VENV)/.installed-dev
	$(BIN)/python -m practice_search.bench run --sizes 1000 10000 100000

# Load test on loopback (SECURITY.md), 10k scale corpus: 64 stalled connections beside 32 clients for 30 s (fails
# on any error or a p99 over 1 s), then 32 connections for 60 s with a full reindex swapped in mid-way (fails on any
# error or worker memory growth over 10%). CI runs a short version of both phases.
LOADTEST_WORK ?= instance/loadtest
loadtest: $(VENV)/.installed-dev
	$(BIN)/python tests/reliability/loadtest.py --duration 60 --connections 32 --size 10000 --work $(LOADTEST_WORK)
