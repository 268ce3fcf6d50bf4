# Tutorbot. Quick start: `make run`, `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: install run test lint typecheck pytest bench package clean

install: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Node tools are for the tests (card validator, manifest schema, Agents Playground, pyright).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: card, manifest and playground checks will be skipped"; fi

run: install
	$(BIN)/python -m bot

lint: install
	$(BIN)/ruff check .

typecheck: install
	@if [ -x node_modules/.bin/pyright ]; then node_modules/.bin/pyright; else echo "pyright not installed (no npm): type check skipped"; fi

pytest: install
	$(BIN)/python -m pytest

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/turns.py

package: install
	$(BIN)/python -m bot package

clean:
	rm -rf $(VENV) node_modules manifest/build
