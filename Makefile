# portalscan — see README.md. Every target works on a fresh machine with Go installed.
GO       ?= go
BIN      := bin/portalscan
CORPUS   ?= ../shared/corpus
EVAL_FLAGS ?=
export CGO_ENABLED ?= 0

.PHONY: all build test demo eval eval-budget bench fuzz vet browser clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/portalscan

vet:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet ./...

# The whole suite, as CI runs it. Tests build and run the real binary against loopback
# servers; the rendering tests need a headless Chromium, installed here when missing.
test: vet browser
	$(GO) test -count=1 -timeout 8m ./...

browser:
	@sh crawler/render/install-browser.sh

# Serve the built-in demo portal on loopback, scan it, print the summary, write the JSON.
demo: build
	@mkdir -p demo-out
	./$(BIN) demo --db demo-out/demo.db --json demo-out/demo.json

# Accuracy against the labelled real portals in $(CORPUS) (PROTOCOL.md there).
eval: build
	$(GO) run ./cmd/portalscan-eval --bin $(BIN) --corpus $(CORPUS) --out .eval $(EVAL_FLAGS)

# Evidence-first crawling: the share of practices still found with page budgets of 150, 40
# and 20, on the corpus and the fixture portals (about 7 minutes).
eval-budget: build
	$(GO) run ./cmd/portalscan-eval --bin $(BIN) --corpus $(CORPUS) --out .eval --budget 150,40,20 $(EVAL_FLAGS)

# Speed and memory on synthetic portals of 1k, 10k and 50k pages (under 10 minutes), then
# the Go benchmarks of the parser, detectors and scorer (benchstat-friendly).
bench: build
	$(GO) run ./cmd/portalscan-bench --bin $(BIN) --out .bench $(BENCH_FLAGS)
	$(GO) test -run '^$$' -bench . -benchmem -count 3 ./crawler/page/ ./cmd/portalscan-bench/

# Brief fuzzing of every parser of untrusted input (CI runs it; FUZZTIME=5m to dig deeper).
# Go 1.26's fuzz coordinator can fail a target with a bare "context deadline exceeded" as
# -fuzztime runs out (golang/go#75804, fixed in Go 1.27): such a run wrote no failing input,
# so it is tried again, up to twice. A failing input, a panic or any other error fails at once.
FUZZTIME ?= 8s
FUZZ_TARGETS := crawler/page:FuzzParse crawler:FuzzNormalizeURL crawler:FuzzParseRobots crawler:FuzzParseSitemap crawler/page:FuzzFold detectors:FuzzArtifactChecks detectors:FuzzRuleEngine detectors:FuzzLiteralAutomaton detectors:FuzzPhraseWindows
fuzz:
	@set -e; log=$$(mktemp); trap 'rm -f $$log' EXIT; \
	for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  for try in 1 2 3; do \
	    echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
	    if $(GO) test ./$$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) >$$log 2>&1; then cat $$log; break; fi; \
	    cat $$log; \
	    if [ $$try = 3 ] || grep -q 'Failing input written' $$log || ! grep -q 'context deadline exceeded' $$log \
	      || grep -qE '^panic:|fuzz_test.go:[0-9]+:' $$log; then exit 1; fi; \
	    echo "fuzz: $$fn: Go's -fuzztime shutdown race (golang/go#75804), no failing input; again"; \
	  done; done

clean:
	rm -rf bin demo-out .eval .bench
