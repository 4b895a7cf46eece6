# One-word recipes. `make example` and `make test` work on a fresh machine.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= build

.PHONY: setup system-deps lsp-deps example check test lint golden bench mutate clean

$(BIN)/dossier: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	@# Until 0.2.0 this project was installed under the distribution name "dossier" (another
	@# project's name on the package index): remove that old install of ours from the venv.
	$(BIN)/pip uninstall -q -y dossier 2>/dev/null || true
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

setup: $(BIN)/dossier

# Debian packages used by the tests (pdftotext, qpdf, LibreOffice and the hyphenation
# patterns it lays DOCX out with, msgfmt to check the translation catalogues, headless
# chromium and its driver for the preview's browser tests) and by reproducible PDFs.
system-deps:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 fonts-dejavu-core \
	  poppler-utils qpdf libreoffice-writer-nogui python3-uno hyphen-en-gb hyphen-fr gettext \
	  chromium chromium-driver

# The YAML language server for the editor tests (tests/lsp), pinned by its package-lock.json;
# needs Node.js and the npm registry. Without npm those tests are skipped (say so here).
lsp-deps:
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/lsp --no-audit --no-fund --loglevel=error; \
	else \
	  echo "npm not found: the editor tests (tests/lsp) will be skipped; install nodejs and npm"; \
	fi

example: setup
	$(BIN)/dossier check examples/ustyurt
	$(BIN)/dossier build examples/ustyurt --doc nomination --doc preliminary-assessment --doc tentative-list \
	  --to pdf --to html --to docx -o $(OUT)

check: setup
	$(BIN)/dossier check examples/ustyurt

test: setup lsp-deps
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# Print the diff of every golden file and case expected.txt the current output changes;
# nothing is written unless you say so after reading it: `make golden YES=1`.
golden: setup
	$(BIN)/python -m pytest -q --update-golden $(if $(YES),--yes)

bench: setup
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_maps.py

# Mutation score of the modules that decide findings and figures (slow: not in CI).
# `make mutate MODULES="geo/measure.py"` runs some; benchmarks/mutation.py --help.
mutate: setup
	$(BIN)/pip install -q -e '.[test,mutation]'
	$(BIN)/python benchmarks/mutation.py $(MODULES)

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
