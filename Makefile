# The README's commands. `make run` and `make test` work on a fresh machine.
VENV      := .venv
BIN       := $(VENV)/bin
PYTHON    := $(BIN)/python
STAMP     := $(VENV)/.installed
PG_URL    ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?= -n auto
CLOCK_AHEAD ?= +400d

export SUPPLYESG_DEMO ?= true

.PHONY: run install system-packages test test-pg test-later lint bench clean

$(STAMP): requirements.txt pyproject.toml
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user uv
	@PATH="$$HOME/.local/bin:$$PATH" uv venv --allow-existing --python 3.11 $(VENV)
	@PATH="$$HOME/.local/bin:$$PATH" uv pip install --python $(PYTHON) --quiet -r requirements.txt
	@PATH="$$HOME/.local/bin:$$PATH" uv pip install --python $(PYTHON) --quiet --no-deps -e .
	@touch $@

system-packages:  ## the Debian packages WeasyPrint, the fonts and the browser tests need
	@sh scripts/system-packages.sh

install: system-packages $(STAMP)

run: install  ## migrate, load the demo data on first start (demo mode), serve on http://127.0.0.1:8000
	$(BIN)/supplyesg setup
	$(BIN)/supplyesg serve

test: install  ## the whole suite on SQLite, on every core (PYTEST_ARGS= runs it in one process)
	$(BIN)/pytest $(PYTEST_ARGS)

test-later: install  ## the whole suite with the machine's clock CLOCK_AHEAD (+400d) ahead
	faketime -f '$(CLOCK_AHEAD)' $(BIN)/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

test-pg: install  ## the same suite on PostgreSQL
	SUPPLYESG_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: install  ## ruff, mypy --strict, import-linter and alembic check
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .
	$(BIN)/mypy src
	$(BIN)/lint-imports
	SUPPLYESG_DATABASE_URL=sqlite:///$$(mktemp -d)/check.db sh -c '$(BIN)/alembic upgrade heads >/dev/null && $(BIN)/alembic check'

bench: install  ## the benchmarks of benchmarks/ (numbers go to benchmarks/results/)
	$(PYTHON) benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
