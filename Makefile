# sprintlens developer commands. `make help` lists them.
GO       ?= go
PKGS     ?= ./...
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
BENCHFLAGS ?=

.PHONY: help demo run build test generate verify lint bench

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-9s %s\n", $$1, $$2}'

demo: ## run the demo: simulated Tracker, local PostgreSQL, web UI on http://127.0.0.1:8080
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/sprintlens demo

run: ## serve with the configuration from the environment
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/sprintlens serve

build: ## build bin/sprintlens
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/sprintlens ./cmd/sprintlens

test: ## run every test against the local PostgreSQL (TEST_DATABASE_URL to override)
	$(GO) vet $(PKGS)
	$(GO) test -count=1 $(PKGS)

generate: ## regenerate templ components
	$(GO) tool templ generate

verify: generate lint ## generated code and formatting match the sources
	git diff --exit-code -- '*_templ.go'
	@test -z "$$(git status --porcelain -- '*_templ.go')" || (echo "untracked generated files" && exit 1)

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

bench: ## run the Go benchmarks, then `sprintlens bench` (pages, memory; BENCHFLAGS to pass flags)
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)
	$(GO) run ./cmd/sprintlens bench $(BENCHFLAGS)
