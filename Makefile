# Lagebild — the two set-up commands are `make run` (the REPL on seeds/) and `make test` (the whole test suite).
# Both install what the build needs (libedit-dev, zlib1g-dev) with apt when it is missing.

SWIFT ?= swift
APT_PACKAGES := libedit-dev zlib1g-dev
CONFIG ?= release

.PHONY: run test build deps bench bench-check bench-cli clean

run: deps
	$(SWIFT) build -c $(CONFIG) --product lagebild
	./.build/$(CONFIG)/lagebild repl seeds

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

build: deps
	$(SWIFT) build -c $(CONFIG)

# Install the C libraries the package links against, if missing.
deps:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "error: '$(SWIFT)' not found; install Swift 6.1 or later first" >&2; exit 1; }
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing with apt-get (needed to build Lagebild) ..."; \
		if [ "$$(id -u)" -ne 0 ]; then \
			if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else \
				echo "error: missing$$missing and not root; run: sudo apt-get install -y$$missing" >&2; exit 1; fi; \
		fi; \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing \
			|| { echo "error: could not install$$missing; install them and run make again" >&2; exit 1; }; \
	fi

# Throughput benchmarks (ordo-one/benchmark); FANG-COVID is used when ../shared/data is present.
bench: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark --no-progress

# The seed benchmarks' allocation counts against the committed thresholds (Benchmarks/Thresholds);
# after an intended change: cd Benchmarks && swift package --allow-writing-to-package-directory benchmark thresholds update
# --filter '.*-seeds', then keep only "mallocCountTotal" in the files (wall clock is never checked here).
bench-check: deps
	cd Benchmarks && $(SWIFT) package benchmark thresholds check --filter '.*-seeds' --no-progress

clean:
	rm -rf .build Benchmarks/.build
