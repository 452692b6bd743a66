# precheck — every target sets up what it needs on a fresh Debian machine, then runs.
#   make demo   set up, then run the nightly job on the committed sample dossiers into demo-out/
#   make test   set up, then run every test (slow real-model and browser tests included)
#   make lint   ruff + mypy + import-linter (layer contract)
#   make bench  speed and accuracy benchmark: prints a table, writes bench/results/*.json
#               (ENGINES=rapidocr,paddleocr side by side; BENCH_ARGS="--part speed" and the like)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := libzbar0 fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-ukai fonts-ukij-uyghur chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_HOME ?= $(CURDIR)/.prefect
# selenium must never look for a browser driver online: it uses Debian's chromedriver.
export SE_OFFLINE := true

.PHONY: setup system-deps demo test test-fast lint bench clean

setup: system-deps $(STAMP)

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[paddle,dask,dev,samples]'
	# The paddleocr backend's PP-OCRv5 mobile det/rec folders, each file checked against its pinned sha256
	# (extractors/ocr/paddle_models.py); a no-op when they are there already.
	$(BIN)/precheck models fetch
	$(BIN)/python -c "import cv2; print('cv2', cv2.__version__)"
	touch $(STAMP)

demo: setup
	rm -rf demo-out
	$(BIN)/precheck batch samples/dossiers --out demo-out
	@echo "open demo-out/index.html"

# --durations: the slowest tests' times in the log, to keep the whole run well under 30 minutes on CI.
test: setup
	$(BIN)/python -c "import cv2, numpy; print('cv2', cv2.__version__, 'numpy', numpy.__version__)"
	$(BIN)/pytest -q --durations=15

test-fast: setup
	$(BIN)/pytest -q -m "not slow"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy extractors validators reporting app flows
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python -m bench.run $(if $(ENGINES),--engines $(ENGINES)) $(BENCH_ARGS)

clean:
	rm -rf demo-out .pytest_cache .mypy_cache .ruff_cache tests/artifacts
