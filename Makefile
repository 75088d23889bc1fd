# Galley: Markdown manuscript in, EPUB 3 and typeset PDF out.
#
#   make            build the EPUB and the PDF of the manuscript (= make all)
#   make test       run the test suite (needs only Go)
#   make check      run the external validators on the built files
#   make bench      run the benchmarks
#   make fuzz       run every fuzz target for FUZZTIME each
#   make clean      remove build/

GO         ?= go
MANUSCRIPT ?= manuscript
OUT        ?= build
PAGE_SIZE  ?= a4
FUZZTIME   ?= 30s
GALLEY     := $(OUT)/bin/galley
# The version named by `galley version` and in both files' metadata: git's
# description of the checkout (the nearest tag, or the commit), "dev" outside
# git. The same checkout always gives the same version, so the same bytes.
VERSION    ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: all epub pdf test check bench fuzz golden clean galley

all: $(GALLEY)
	$(GALLEY) build -o $(OUT) -f epub,pdf --page-size $(PAGE_SIZE) $(MANUSCRIPT)

epub: $(GALLEY)
	$(GALLEY) build -o $(OUT) -f epub $(MANUSCRIPT)

pdf: $(GALLEY)
	$(GALLEY) build -o $(OUT) -f pdf --page-size $(PAGE_SIZE) $(MANUSCRIPT)

galley: $(GALLEY)

# The binary is rebuilt every time; go's cache makes that cheap.
.PHONY: $(GALLEY)
$(GALLEY):
	@mkdir -p $(OUT)/bin
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $(GALLEY) ./cmd/galley

test:
	$(GO) test ./...

golden:
	$(GO) test ./internal/... -update

# check also builds every sample manuscript under examples/ into
# $(OUT)/examples/<name>/ and validates those files too.
EXAMPLES := $(wildcard examples/*/)

check: all
	@for ex in $(EXAMPLES); do \
	  name=$$(basename $$ex); \
	  echo "$(GALLEY) build -o $(OUT)/examples/$$name -f epub,pdf --page-size $(PAGE_SIZE) $$ex"; \
	  rm -rf $(OUT)/examples/$$name; \
	  $(GALLEY) build -o $(OUT)/examples/$$name -f epub,pdf --page-size $(PAGE_SIZE) $$ex || exit 1; \
	done
	scripts/check.sh $(OUT)/*.epub $(OUT)/*.pdf $(if $(EXAMPLES),$(OUT)/examples/*/*.epub $(OUT)/examples/*/*.pdf)

bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=5 ./...

fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list='^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf $(OUT)
