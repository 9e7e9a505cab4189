# The two commands: `make run` and `make test`. See README.md.

CARGO ?= cargo
BIN := target/debug/cluster-support
# Where cargo put it (CARGO_TARGET_DIR may point elsewhere).
BIN_PATH = $${CARGO_TARGET_DIR:-target}/debug/cluster-support
# Development only: tokens printed by `make run` are signed with this.
export JWT_SECRET ?= development-secret-not-for-production-use-0123456789
export TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
TOOLS := target/tools/venv

.PHONY: run build test fmt-check clippy layering unit http spec-validate contract-breaking contract-fuzz contract-sdk openapi check-postgres bench clean-data

## Build, migrate the SQLite default, load the demo data, print a token per role, serve on 127.0.0.1:8080.
run: build
	$(BIN) seed-demo
	$(BIN) serve --no-migrate

build:
	$(CARGO) build --bin cluster-support

## Everything CI runs: formatting, lints, layering, unit tests, HTTP tests on SQLite and PostgreSQL, the contract.
test: fmt-check clippy layering check-postgres unit http spec-validate contract-breaking contract-fuzz contract-sdk
	@echo "make test: all checks passed"

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# The domain crate knows nothing of HTTP or SQL.
layering:
	@if $(CARGO) tree -p domain -e normal --prefix none | grep -E '^(actix|diesel)' ; then \
		echo "domain must not depend on actix or diesel"; exit 1; fi
	@echo "layering: domain depends on neither actix nor diesel"

unit:
	$(CARGO) test --workspace --lib --bins

# One test binary; every scenario runs on SQLite and on PostgreSQL, and the
# contract test fails when openapi.yaml differs from what the code generates.
# The tests wait on the database (each creates and drops one, and every write
# commits) far more than they compute: eight at a time keep both cores busy
# (measured on 2 cores: 2 threads 113 s, 4 94 s, 8 65 s, 12 72 s).
HTTP_TEST_THREADS ?= 8
http:
	$(CARGO) test -p http-tests -- --test-threads=$(HTTP_TEST_THREADS)

check-postgres:
	@if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -d "$(TEST_DATABASE_URL)"; then \
		echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL)."; \
		echo "Start it (Debian: pg_ctlcluster 15 main start) or set TEST_DATABASE_URL to a server where the user may create databases."; \
		exit 1; fi

$(TOOLS)/bin/openapi-spec-validator: tools/requirements.txt
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check -r tools/requirements.txt
	touch $@

## Fail on a breaking change since the last released contract that CHANGELOG.md does not list (docs/versioning.md).
RELEASED_CONTRACT := $(shell ls docs/contract/openapi-*.yaml | sort -V | tail -n 1)
contract-breaking: $(TOOLS)/bin/openapi-spec-validator
	cd tools && ../$(TOOLS)/bin/python -m unittest -q breaking_changes_test
	$(TOOLS)/bin/python tools/breaking_changes.py $(RELEASED_CONTRACT) openapi.yaml CHANGELOG.md

## Validate openapi.yaml with a real OpenAPI 3.1 validator, and every example in it against its schema.
spec-validate: $(TOOLS)/bin/openapi-spec-validator
	$(TOOLS)/bin/openapi-spec-validator openapi.yaml
	$(TOOLS)/bin/python tools/check_examples.py openapi.yaml

# The contract checks (README.md, "The contract checks"): schemathesis, and clients
# generated from openapi.yaml, against the debug binary on databases of
# their own. Their tools are pinned in tools/requirements-contract.txt and
# tools/contract/ts/package-lock.json and installed into target/tools.
CONTRACT_TOOLS := $(TOOLS)/.contract-installed
$(CONTRACT_TOOLS): tools/requirements-contract.txt $(TOOLS)/bin/openapi-spec-validator
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check -r tools/requirements-contract.txt
	touch $@

# Examples per operation and role: the figure that keeps the check within
# its time (measured: README.md, "The contract checks").
CONTRACT_MAX_EXAMPLES ?= 5
## schemathesis over every operation as each role, on SQLite and PostgreSQL, with the 2xx coverage report.
contract-fuzz: build check-postgres $(CONTRACT_TOOLS)
	$(TOOLS)/bin/python tools/contract/fuzz.py --bin $(BIN_PATH) --max-examples $(CONTRACT_MAX_EXAMPLES)

TS_TOOLS := target/tools/ts/node_modules/.installed
$(TS_TOOLS): tools/contract/ts/package.json tools/contract/ts/package-lock.json
	mkdir -p target/tools/ts
	cp tools/contract/ts/package.json tools/contract/ts/package-lock.json target/tools/ts/
	cd target/tools/ts && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Python and TypeScript clients generated from openapi.yaml: no warnings, strict type checks, the demo pathway run through each.
contract-sdk: build $(CONTRACT_TOOLS) $(TS_TOOLS)
	$(TOOLS)/bin/python tools/contract/sdk.py --bin $(BIN_PATH) --ts-tools target/tools/ts

## Regenerate openapi.yaml and docs/access.md from the code.
openapi: build
	$(BIN) openapi > openapi.yaml
	$(BIN) access-policy > docs/access.md

# The load generator for `make bench` only, installed into target/tools and
# built in a directory of its own (so that it does not wait on the project's
# build lock). Without its LTO and with more codegen units it builds in
# about 25 minutes here beside other builds (2026-12-03) rather than about 70.
OHA := target/tools/bin/oha
OHA_VERSION := 1.16.0
$(OHA):
	CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
	$(CARGO) install --locked oha --version $(OHA_VERSION) --root target/tools --target-dir target/tools/build

## Speed targets on both backends (release build): W1 (the audited read) at 64
## connections against pgbench on the same server, open-loop latency, memory and
## time to ready, written to docs/performance.md; then the pathway's hot lists
## and writes at 10k, 100k and 1M children (docs/performance-paths.md; about
## 12 minutes); last the MIS batch and read latency, which fail on a missed target.
bench: check-postgres $(OHA)
	$(CARGO) build --release --bin cluster-support
	OHA=$(OHA) BENCH_BIN=$${CARGO_TARGET_DIR:-target}/release/cluster-support python3 bench/audited_read.py
	OHA=$(OHA) BENCH_BIN=$${CARGO_TARGET_DIR:-target}/release/cluster-support python3 bench/hot_paths.py
	$(CARGO) test --release -p http-tests -- --ignored --nocapture bench::

## Forget the local SQLite database.
clean-data:
	rm -rf data
