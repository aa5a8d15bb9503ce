# The commands a developer and CI share (.ci/run calls `make test`).
# Every target starts with scripts/install, which is idempotent and quick once done.

VENV := .venv
UPG := $(VENV)/bin/upg

.PHONY: install run test lint db-start db-stop bench

install:
	@scripts/install

## run: install, start the local Neo4j (migrated), load the demo graph, serve the API
## (anonymous read-only access on, for local exploration: writes need `upg token create`)
run: install
	$(UPG) db start
	$(UPG) demo load
	UPG_ANONYMOUS_READ=$${UPG_ANONYMOUS_READ:-true} $(UPG) serve

## test: lint, type-check and run every test (the test Neo4j is started by tests/conftest.py)
test: install lint
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src tests

db-start: install
	$(UPG) db start

db-stop:
	$(UPG) db stop

## bench: benchmark suite on its own Neo4j (bolt 28687): bench/results.json, RESULTS.md, latency.png
bench: install
	$(VENV)/bin/pip install -q -e '.[bench]'
	$(VENV)/bin/python -m bench
