# The two commands (see README): `make serve` and `make test`. Both install what is missing first.
PORT ?= 8080
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test build bench setup
serve:
	@scripts/setup.sh build
	@echo "Serving on http://127.0.0.1:$(PORT)/ (live reload; Ctrl-C stops)"
	trunk serve --offline --port $(PORT)

test:
	@scripts/setup.sh test
	@scripts/test.sh

# A release build for static hosting; PUBLIC_URL=/demo/ builds it for a subpath.
PUBLIC_URL ?= /
build:
	@scripts/setup.sh build
	trunk build --release --offline --public-url $(PUBLIC_URL)

# The benchmark of issue 6 (README "Benchmark"): a release build for /demo/ in target/bench-dist,
# then scripts/bench.mjs in Debian's Chromium. `make bench BENCH_ARGS=--strict` fails on a missed budget.
BENCH_ARGS ?=
bench:
	@scripts/setup.sh build
	@[ -x "$${CHROMIUM:-/usr/bin/chromium}" ] || scripts/setup.sh test
	trunk build --release --offline --public-url /demo/ --dist target/bench-dist
	node scripts/bench.mjs target/bench-dist $(BENCH_ARGS)
