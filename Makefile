# Two entry points for a fresh machine (see README):
#   make demo   set up, then build and serve the demo app on http://127.0.0.1:8000/
#   make test   set up (Python venv, npm packages, Chromium), then run every test

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup demo test chromium bench clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "wasgi needs Python 3.11 or newer (set PYTHON=python3.x)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

setup: $(VENV)/.installed node_modules/.installed

# Debian's Chromium; Playwright cannot download its own browser here.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "Chromium is missing: run 'sudo apt-get install chromium' (or '$(PY) -m playwright install chromium')"; exit 1; \
	fi

demo: $(VENV)/.installed
	$(VENV)/bin/wasgi serve

test: setup chromium
	$(PY) -m pytest

bench: setup chromium
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache
