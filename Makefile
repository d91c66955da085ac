# Everything runs inside .venv, created on first use from the project's own files.
PYTHON   ?= python3
VENV     ?= .venv
PY       := $(VENV)/bin/python
SPEC     := openapi.yaml
GEN_PKG  := generated/visgate_api_client
CODEGEN  := codegen
STAMP    := $(VENV)/.installed

.PHONY: install codegen-deps regen check-drift validate-spec lint typecheck unit contract test demo bench wheel-check mutation clean

install: $(STAMP)

$(STAMP): pyproject.toml $(CODEGEN)/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]" -r $(CODEGEN)/requirements.txt
	touch $(STAMP)

codegen-deps: $(STAMP)

# Rebuild the generated client from openapi.yaml, from scratch, byte for byte.
regen: $(STAMP)
	$(PY) $(CODEGEN)/check_versions.py $(CODEGEN)/requirements.txt
	rm -rf $(GEN_PKG)
	$(PY) -m openapi_python_client generate --path $(SPEC) --config $(CODEGEN)/config.yaml \
	    --custom-template-path $(CODEGEN)/templates --meta none --output-path $(GEN_PKG) \
	    --fail-on-warning
	$(PY) -m ruff check --config $(CODEGEN)/ruff.toml --no-cache --fix-only --quiet $(GEN_PKG)
	$(PY) -m ruff format --config $(CODEGEN)/ruff.toml --no-cache --quiet $(GEN_PKG)
	printf '# Marker file for PEP 561\n' > $(GEN_PKG)/py.typed
	$(PY) $(CODEGEN)/facade_fields.py generated src/visgate_sdk/_result_fields.py

# Fails when the checked-in generated/ differs from what the spec produces (new and deleted files too).
check-drift: regen
	@if [ -n "$$(git status --porcelain --untracked-files=all -- generated/ src/visgate_sdk/_result_fields.py)" ]; then \
	    git status --short --untracked-files=all -- generated/ src/visgate_sdk/_result_fields.py; git --no-pager diff --stat -- generated/; \
	    echo "generated/ is out of date with openapi.yaml: run 'make regen' and commit"; exit 1; \
	fi
	@echo "check-drift: generated/ matches openapi.yaml"

validate-spec: $(STAMP)
	$(PY) -m openapi_spec_validator $(SPEC)

lint: $(STAMP)
	$(PY) -m ruff check src tests scripts examples
	$(PY) -m ruff format --check src tests scripts examples

typecheck: $(STAMP)
	$(PY) -m mypy
	$(PY) -m mypy --strict tests/typing

unit: $(STAMP)
	$(PY) -m pytest -q

# Schemathesis (all phases, fixed seed, bounded examples) against a fresh local sandbox.
contract: $(STAMP)
	$(PY) tests/contract/run_schemathesis.py

# The README's test command: contract, lint, types, schemathesis, then the whole test suite (its
# summary is the closing line).
test: check-drift validate-spec lint typecheck contract unit

wheel-check: $(STAMP)
	$(PY) scripts/check_wheel.py

demo: $(STAMP)
	$(PY) scripts/demo.py

# Single calls, then bulk runs (runner vs a hand-written loop, RSS, kill and resume), then Ray.
bench: $(STAMP)
	$(PY) scripts/bench.py
	$(PY) scripts/bench_batch.py
	$(PY) scripts/bench_ray.py

# Would the tests notice a broken retry/polling decision? Mutates _retry_after.py, _polling.py
# and _retry.py one change at a time; fails below 90 % killed. Several minutes; not in `test`.
mutation: $(STAMP)
	$(PY) scripts/mutation.py

clean:
	rm -rf dist build .pytest_cache .mypy_cache .ruff_cache
