# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck contracts deadcode unit bench screenshots clean letters-preview package package-test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the project's dependency list changed.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m ui

test: $(STAMP) lint typecheck contracts deadcode unit

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check $(wildcard carecoord ui tests benchmarks tools packaging)

typecheck: $(STAMP)
	$(VENV)/bin/mypy carecoord ui

contracts: $(STAMP)
	$(VENV)/bin/lint-imports

# Dead code (vulture): what only Qt, pydantic or pytest call is in tools/vulture_whitelist.py.
deadcode: $(STAMP)
	$(VENV)/bin/vulture

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# Packaging (packaging/carecoord.spec): PyInstaller is a build tool, in its own extra.
PACKAGE_STAMP := $(VENV)/.installed-package
$(PACKAGE_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/carecoord.spec
	@du -sh dist/carecoord

# The frozen app's own checks (printed), then the tests in tests/package (frozen CLI too).
package-test: package
	QT_QPA_PLATFORM=offscreen dist/carecoord/carecoord-gui --smoke-test
	QT_QPA_PLATFORM=offscreen CARECOORD_PACKAGE_TEST=1 $(PY) -m pytest tests/package

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
	# A 1280x720 screen at 125 % scaling: 1024x576 logical pixels (issue 17).
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots screenshots/125-1280x720 --lang nl \
		--scale 1.25 --size 1024x576
