# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck contracts unit bench screenshots clean letters-preview

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the project's dependency list changed.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m ui

test: $(STAMP) lint typecheck contracts unit

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check carecoord ui tests benchmarks tools

typecheck: $(STAMP)
	$(VENV)/bin/mypy carecoord ui

contracts: $(STAMP)
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP)
	$(PY) -m benchmarks

# Sample letters (Dutch and English) and other documents as PDF and PNG pages, for review.
letters-preview: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tools/letters_preview.py preview

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots screenshots --lang nl
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots screenshots --lang en
