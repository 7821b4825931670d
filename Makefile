# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test
# A regular (not editable) install: it proves the wheel carries the rule packs,
# and a job's custom/ folder cannot shadow an installed package (an editable
# finder is consulted after every sys.path entry).
SOURCES := pyproject.toml $(shell find analyzer handler rules -name '*.py' -o -name '*.yaml')

.PHONY: demo test e2e fuzz bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(SOURCES) | $(BIN)/python
	$(BIN)/pip install --quiet '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@for job in demo_clean demo_malicious demo_ambiguous; do \
		echo "== jobgate scan corpus/jobs/$$job"; \
		$(BIN)/jobgate scan corpus/jobs/$$job; \
		echo "(exit status $$?)"; echo; \
	done; \
	$(BIN)/jobgate scan corpus/jobs/demo_clean >/dev/null; a=$$?; \
	$(BIN)/jobgate scan corpus/jobs/demo_malicious >/dev/null; r=$$?; \
	$(BIN)/jobgate scan corpus/jobs/demo_ambiguous >/dev/null; e=$$?; \
	test "$$a$$r$$e" = "013" || { echo "demo: expected exit codes 0 1 3, got $$a $$r $$e"; exit 1; }; \
	echo "demo: accept, reject and escalate as expected"

# The HTML report's test renders pages in real headless Chromium (Debian's package).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Two runs (docs/ci.md, "Session 55"): the suite over two workers, each test file whole in one of them (its
# module fixtures, such as a corpus scan, run once); then, alone, the tests marked serial (they assert on wall
# time) and the NVFlare end-to-end tests (one deployment for all, tests/e2e/conftest.py). Either run fails it.
test: $(STAMP) chromium
	$(BIN)/pytest -q -n 2 --dist loadfile -m "not serial and not e2e"; a=$$?; \
	$(BIN)/pytest -q -m "serial or e2e"; s=$$?; \
	test $$a = 0 && test $$s = 0

e2e: $(STAMP)
	$(BIN)/pytest -q -m e2e tests/e2e -x -s --tb=short

# jobgate (cold, warm cache, parallel) against bandit and semgrep on the same
# files, in one run; writes bench/results.json (see bench/run.py).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Fuzz the collector, the config readers, the policy loader, the allowlist and
# the whole pipeline with many generated inputs (docs/fuzzing.md).
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	JOBGATE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) JOBGATE_PROPERTY_EXAMPLES=$(FUZZ_EXAMPLES) \
		$(BIN)/pytest -q -p no:cacheprovider fuzz tests/test_properties.py

clean:
	rm -rf $(VENV) build *.egg-info
