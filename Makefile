# The front door. `make demo` and `make test` work on a fresh Debian 12 machine.
JOBS ?= $(shell nproc)
BUILD_RELEASE := build/release
BUILD_DEBUG := build/debug
CMAKE_FLAGS ?=

.PHONY: setup build debug test unit sqltest demo bench fuzz sanitize clean format

setup:
	@bash scripts/setup.sh

$(BUILD_RELEASE)/build.ninja:
	cmake -S . -B $(BUILD_RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: setup $(BUILD_RELEASE)/build.ninja
	cmake --build $(BUILD_RELEASE) -j $(JOBS)

debug: setup
	cmake -S . -B $(BUILD_DEBUG) -G Ninja -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(BUILD_DEBUG) -j $(JOBS)

test: build
	bash scripts/test.sh $(BUILD_RELEASE)

demo: build
	bash scripts/demo.sh $(BUILD_RELEASE)/sluice

bench: build
	bash scripts/bench.sh

sanitize: setup
	cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLUICE_SANITIZE=ON
	cmake --build build/sanitize -j $(JOBS)
	cd build/sanitize && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf build

format:
	find src test -name '*.h' -o -name '*.cpp' | xargs clang-format -i
