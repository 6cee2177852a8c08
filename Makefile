# The two commands: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
ASAN_DIR := build/asan
TSAN_DIR := build/tsan
# The build `unit` and `e2e` test; make tsan passes its own.
TEST_DIR ?= $(ASAN_DIR)
PYTHON := /usr/bin/python3
FURROW_DATA_DIR ?= $(CURDIR)/data
FURROW_LISTEN ?= 127.0.0.1:8080
# The project's own builds treat warnings as errors (a user's plain cmake build does not: CMakeLists.txt).
CMAKE_FLAGS := -G Ninja -DFURROW_WARNINGS_AS_ERRORS=ON
# e2e: pytest-xdist processes per pass, each with its own servers (and, clustered, its own
# PostgreSQL + s3rver); whole modules go to one process so module fixtures are made once.
# Tests marked `exclusive` (latency figures) run afterwards, alone.
E2E_WORKERS ?= 3
E2E_PARALLEL := -n $(E2E_WORKERS) --dist loadfile --durations=15 -m "not exclusive"
E2E_ALONE := -m exclusive

.PHONY: run test deps build build-server build-asan unit e2e fuzz tsan bench clean screenshots

deps:
	@bash scripts/install-deps.sh

# Configured again when this Makefile changes (its flags may have).
$(RELEASE_DIR)/build.ninja: Makefile | deps
	@cmake -S . -B $(RELEASE_DIR) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

# Everything of the release build (server, unit tests, bench tools): `make bench` needs them.
build: deps $(RELEASE_DIR)/build.ninja
	@cmake --build $(RELEASE_DIR) -j $(JOBS)

# Just the server binary: what `make run` needs.
build-server: deps $(RELEASE_DIR)/build.ninja
	@cmake --build $(RELEASE_DIR) -j $(JOBS) --target furrow

$(ASAN_DIR)/build.ninja: Makefile | deps
	@cmake -S . -B $(ASAN_DIR) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DFURROW_SANITIZE=ON >/dev/null

build-asan: deps $(ASAN_DIR)/build.ninja
	@cmake --build $(ASAN_DIR) -j $(JOBS)

# Starts the server on the embedded default (SQLite + local blob directory under FURROW_DATA_DIR).
run: build-server
	@FURROW_DATA_DIR=$(FURROW_DATA_DIR) $(RELEASE_DIR)/furrow admin demo
	@FURROW_DATA_DIR=$(FURROW_DATA_DIR) FURROW_LISTEN=$(FURROW_LISTEN) exec $(RELEASE_DIR)/furrow serve

# Every test, on the ASan+UBSan build: unit tests (ctest), the end-to-end suite against the real
# binary, then the fuzz targets (tests/fuzz/run.sh: TLG decoder, zip detector, ISOXML XML reader,
# list-query parser, John Deere .jdl frame and protobuf walker) for FUZZ_SECONDS in total, split
# evenly across the targets.
FUZZ_SECONDS ?= 120
test: build-asan
	@$(MAKE) --no-print-directory unit e2e fuzz

unit:
	@cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS)

# The suite runs twice: on the embedded default (one process, SQLite + local disk), then scaled out
# (two API + two worker processes on a throwaway PostgreSQL + s3rver, started by the tests).
e2e:
	@echo "e2e: one furrow serve on SQLite + local disk"
	@FURROW_BIN=$(abspath $(TEST_DIR))/furrow $(PYTHON) -m pytest -q $(E2E_PARALLEL) tests/e2e
	@FURROW_BIN=$(abspath $(TEST_DIR))/furrow $(PYTHON) -m pytest -q $(E2E_ALONE) tests/e2e
	@echo "e2e: 2 API + 2 worker processes on PostgreSQL + S3 (s3rver)"
	@FURROW_E2E_TOPOLOGY=cluster FURROW_BIN=$(abspath $(TEST_DIR))/furrow $(PYTHON) -m pytest -q $(E2E_PARALLEL) tests/e2e
	@FURROW_E2E_TOPOLOGY=cluster FURROW_BIN=$(abspath $(TEST_DIR))/furrow $(PYTHON) -m pytest -q $(E2E_ALONE) tests/e2e

# The README's console pictures (docs/images/console-*.png), taken by the console's browser test.
screenshots: build-asan
	@FURROW_SCREENSHOT_DIR=$(abspath docs/images) FURROW_BIN=$(abspath $(TEST_DIR))/furrow $(PYTHON) -m pytest -q tests/e2e/test_console.py

fuzz:
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS)

# Data races, on demand: unit + both e2e passes on a ThreadSanitizer build (tests/tsan/run.sh).
# Not in `make test`: TSan cannot share a build with ASan, and it would add ~25 minutes.
tsan: deps
	@cmake -S . -B $(TSAN_DIR) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DFURROW_SANITIZE_THREAD=ON >/dev/null
	@cmake --build $(TSAN_DIR) -j $(JOBS)
	@bash tests/tsan/run.sh $(TSAN_DIR)

bench: build
	@bash bench/run.sh

clean:
	rm -rf build
