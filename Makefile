# The front door. `make demo` and `make test` work on a fresh Debian 12 machine
# (as root or with sudo: `make setup` installs the build dependencies).
#
#   make setup     install the Debian packages the build needs (idempotent, fast when done)
#   make build     release build: build/release/sluice
#   make test      setup + build + every test (unit and SQL logic tests)
#   make unit      only the GoogleTest unit tests      make sqltest  only test/sql/**/*.test
#   make demo      example data + the example pipeline (examples/retail/pipeline.yaml)
#   make demo-servers  the same pipeline with its sources on S3 (Ceph RGW) and its warehouse
#                  in PostgreSQL, both throwaway servers started and stopped by the script
#   make bench     side-by-side benchmark with DuckDB (needs ../shared/bench)
#   make debug     debug build in build/debug         make sanitize  ASan+UBSan build + tests
#   make fuzz      libFuzzer on the Parquet and JSON readers (FUZZ_SECONDS per target, default 60)
#   make format    clang-format every source file      make clean     remove build/
JOBS ?= $(shell nproc)
BUILD_RELEASE := build/release
BUILD_DEBUG := build/debug
CMAKE_FLAGS ?=

.PHONY: setup configure build debug test unit sqltest demo demo-servers bench sanitize fuzz clean format

setup:
	@bash scripts/setup.sh

# Configuring again is cheap and picks up changed CMAKE_FLAGS (CI passes -DSLUICE_WERROR=ON).
configure: setup
	@cmake -S . -B $(BUILD_RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) > /dev/null

build: configure
	cmake --build $(BUILD_RELEASE) -j $(JOBS)

debug: setup
	cmake -S . -B $(BUILD_DEBUG) -G Ninja -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(BUILD_DEBUG) -j $(JOBS)

test: build
	bash scripts/test.sh $(BUILD_RELEASE)

unit: build
	bash scripts/test.sh $(BUILD_RELEASE) -E '^sql/'

sqltest: build
	bash scripts/test.sh $(BUILD_RELEASE) -R '^sql/'

demo: build
	bash scripts/demo.sh $(BUILD_RELEASE)/sluice

demo-servers: build
	bash scripts/demo_servers.sh $(BUILD_RELEASE)/sluice

bench: build
	bash scripts/bench.sh $(BENCH_ARGS)

sanitize: setup
	cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLUICE_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build build/sanitize -j $(JOBS)
	bash scripts/test.sh build/sanitize

fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf build

format:
	find src test \( -name '*.h' -o -name '*.cpp' \) -print0 | xargs -0 -r clang-format -i
