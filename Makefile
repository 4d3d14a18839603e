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
