# The commands a developer and CI share (.ci/run calls `make test`).
# Every target starts with scripts/install, which is idempotent and quick once done.

VENV := .venv
UPG := $(VENV)/bin/upg

.PHONY: install run test lint web web-check db-start db-stop bench

install:
	@scripts/install

## run: install, build the web app when stale, start the local Neo4j (migrated), load the demo
## graph, serve the API and the app at http://127.0.0.1:8000/ (anonymous read-only access on,
## for local exploration: writes need `upg token create`)
run: install web
	$(UPG) db start
	$(UPG) demo load
	UPG_ANONYMOUS_READ=$${UPG_ANONYMOUS_READ:-true} $(UPG) serve

## test: lint, type-check, check the web app's operations against the schema, run every test
## (the test Neo4j is started by tests/conftest.py)
test: install lint web-check
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src tests

## web: build the web app into web/dist when it is missing or older than its sources
web: install
	scripts/build-web

## web-check: graphql-codegen + tsc --noEmit: fails when an operation no longer matches the schema
web-check: install
	scripts/build-web --check

db-start: install
	$(UPG) db start

db-stop:
	$(UPG) db stop

## bench: benchmark suite on its own Neo4j (bolt 28687): bench/results.json, RESULTS.md, latency.png
bench: install
	$(VENV)/bin/pip install -q -e '.[bench]'
	$(VENV)/bin/python -m bench
