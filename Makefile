# Kumppanuus: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast check lint messages makemessages demo bench bench-scale clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Install the project and its test tools at the versions the tests passed with, then build catalogues.
install: $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	$(BIN)/python scripts/messages.py compile >/dev/null

# Install, migrate, load the bilingual demo and serve it on http://127.0.0.1:8000/ (SQLite).
run: install
	@command -v flite >/dev/null || (echo "Installing Debian's flite (the captcha's audio alternative)"; \
	  ((apt-get update -qq && apt-get install -y -qq flite) >/dev/null 2>&1 || \
	   (sudo -n apt-get update -qq && sudo -n apt-get install -y -qq flite) >/dev/null 2>&1) || \
	  echo "flite not installed: the captcha offers no audio")
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_dev_admin
	@echo ""
	@echo "  Kumppanuus demo: http://$(HOST):$(PORT)/   (admin: http://$(HOST):$(PORT)/admin/)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Install everything (Chromium too) and run the whole suite against PostgreSQL, with the checks CI runs.
test:
	bash scripts/test.sh

# While working: the suite on both cores without the checks and the load tests, reusing the test
# databases of the last run (pytest --reuse-db). `make test-fast ARGS=tests/events` runs a part.
test-fast:
	bash scripts/test.sh --fast $(ARGS)

# The checks without the test suite.
check: install
	bash scripts/test.sh --checks-only

makemessages:
	$(BIN)/python manage.py makemessages -l fi -l sv --no-obsolete --ignore=.venv --ignore=var --add-location=file
	$(BIN)/python manage.py makemessages -d djangojs -l fi -l sv --no-obsolete --ignore=.venv --ignore=var --add-location=file

messages:
	$(BIN)/python scripts/messages.py compile

demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo --reset

clean:
	rm -rf $(VENV) var db.sqlite3 *.egg-info

# Load the demo under gunicorn with wrk and print the figures (writes docs/performance.md).
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python scripts/bench.py --write

# The city-scale benchmark on PostgreSQL, in a database of its own (load_scale_data on top of the demo);
# writes docs/performance.md.
bench-scale: install
	$(BIN)/python scripts/bench_scale.py --write
