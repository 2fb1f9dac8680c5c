# figwatch: the two commands that matter are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
SEEDS ?= seeds

.PHONY: demo test quality unit lint schemas bench kafka-up kafka-down clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import sys; assert sys.version_info >= (3, 11), \"figwatch needs Python 3.11 or newer\""
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## demo: install, then replay the sample feed on the embedded pipeline (no Kafka) and print alerts
demo: $(STAMP)
	$(BIN)/figwatch replay $(SEEDS) --format text --claims-out var/demo/claims.jsonl

## test: install everything the suite needs (Python deps, Kafka broker jars, Prometheus, Chromium),
## lint, run all tests
test: $(STAMP)
	bash deploy/install-test-deps.sh
	bash deploy/kafka/broker.sh fetch
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest

## quality: score replays of ../shared/realnews (its own to_jsonl.py and score.py), the annotated
## claim corpus and ../shared/seeds; prints one table (docs/quality.md), ~5 s
quality: $(STAMP)
	$(BIN)/python -m scripts.quality_report $(QUALITY_ARGS)

## bench: measure throughput, latency, state and scaling against issue 9's targets (~10 min on 2 cores)
bench: $(STAMP)
	bash deploy/kafka/broker.sh fetch
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m schemas.generate --check

unit: $(STAMP)
	$(BIN)/pytest tests/unit

schemas: $(STAMP)
	$(BIN)/python -m schemas.generate

kafka-up:
	bash deploy/kafka/broker.sh start

kafka-down:
	bash deploy/kafka/broker.sh stop

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
