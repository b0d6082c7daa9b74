# `make demo` and `make test` set everything up on a fresh Debian machine, then do their job.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PYTHON  ?= python3
DEMO    := out/demo

.PHONY: setup system web serve wheel demo test lint typecheck unit bench bench-wer clean

setup: system $(STAMP)

system:
	@bash scripts/install-system.sh

# constraints.txt holds the exact versions (pip freeze), so every install resolves the same ones.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0  # the CPU build (plug-in tests); not CUDA
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,cloud,gpu]'
	@touch $(STAMP)

# The web UI (React + Vite): `filmstudio serve` finds web/dist in a checkout, and a wheel carries it.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/package.json \
               web/package-lock.json web/vite.config.ts web/tsconfig.json web/tsconfig.app.json \
               web/tsconfig.node.json
web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

serve: setup web
	$(BIN)/filmstudio serve

# A wheel with the web UI inside (filmstudio/studio/webui).
wheel: setup web
	$(BIN)/pip wheel -q --no-deps -w dist .

demo: setup
	@mkdir -p $(DEMO)
	$(BIN)/filmstudio render examples/beach-reunion.fountain --duration 45 --out $(DEMO)/beach-reunion
	$(BIN)/filmstudio render examples/lighthouse-keeper.txt --duration 60 --style storybook --out $(DEMO)/lighthouse-keeper
	$(BIN)/filmstudio render examples/monsoon.txt --duration 40 --style watercolor --aspect 9:16 --out $(DEMO)/monsoon-short
	$(BIN)/filmstudio render examples/mercado.txt --duration 45 --style documentary --voice narrator-male --out $(DEMO)/mercado
	$(BIN)/filmstudio render examples/cafe-de-nuit.txt --duration 45 --style noir --out $(DEMO)/cafe-de-nuit
	$(BIN)/filmstudio render examples/gita-2-47.txt --duration 60 --music devotional --voice narrator-male --out $(DEMO)/gita-2-47
	@echo "Demo films are in $(DEMO)/*/film.mp4"

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

unit: setup web
	$(BIN)/pytest -q -n 2 --dist loadfile

test: lint typecheck unit

bench: setup
	$(BIN)/python bench/render.py
	$(BIN)/python bench/pictures.py
	$(BIN)/python bench/talking.py
	$(BIN)/python bench/audio.py

# The multi-machine rehearsal on this one machine (bench/cluster.py: nginx in front of 2 API
# processes, 2 workers, PostgreSQL, Redis, S3). It needs nginx: Debian's nginx-light is
# installed when missing, with its service never started. `make cluster CLUSTER_ARGS="--renderer
# fake --seconds 0"` runs only the 1,000-submission burst.
.PHONY: cluster
CLUSTER_ARGS ?=
cluster: setup
	@bash deploy/rehearsal/install-nginx.sh
	$(BIN)/python bench/cluster.py $(CLUSTER_ARGS)

bench-wer: setup
	$(BIN)/python bench/wer.py

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache web/node_modules web/dist
