# Two targets for people: `make site` builds the whole site, `make test` runs every test.
# Both create and reuse their own environment in .venv (Python 3.11 or newer).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test check serve lint hooks clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/handreiking build

# One pytest per test file: every file must pass alone, not only after the others.
test: $(BIN)/.installed
	$(BIN)/python tests/each_file.py

check: $(BIN)/.installed
	$(BIN)/handreiking check

serve: $(BIN)/.installed
	$(BIN)/handreiking serve

lint: $(BIN)/.installed
	$(BIN)/ruff check plugins tests bench
	$(BIN)/mypy

# Once per clone: `handreiking check` runs before every commit (.pre-commit-config.yaml).
hooks: $(BIN)/.installed
	$(BIN)/pre-commit install

clean:
	rm -rf site $(VENV)
