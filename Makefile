# Kooperacja: everything a fresh clone needs comes from here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

# Debian packages: headless Chromium for the browser tests, DejaVu for the fonts PDF documents embed.
DEB_PACKAGES := chromium fonts-dejavu-core
SUDO    := $(if $(filter 0,$(shell id -u)),,sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0

export KOOPERACJA_DATABASE_URL ?= sqlite:///instance/kooperacja.db
# The browser tests drive Debian's /usr/bin/chromium; no tool may fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test lint format bench clean install system-packages translations

install: $(STAMP) $(NODE_STAMP) system-packages

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# npm ci installs exactly package-lock.json; again only when the lock or package.json changes.
$(NODE_STAMP): package.json package-lock.json
	npm ci --include=dev --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Only the missing packages, and `apt-get update` only when installing from the current lists fails.
system-packages:
	@missing=$$(for package in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$package 2>/dev/null | grep -qx 'install ok installed' || echo $$package; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  log=$$(mktemp); \
	  { $(APT_GET) install --no-install-recommends $$missing || \
	    { $(APT_GET) update && $(APT_GET) install --no-install-recommends $$missing; }; } >$$log 2>&1 \
	  || { cat $$log; rm -f $$log; exit 1; }; \
	  rm -f $$log; \
	fi

# The session key is drawn once and kept in instance/secret_key (owner-only); KOOPERACJA_SECRET_KEY wins if set.
run: install
	mkdir -p instance
	$(BIN)/kooperacja init-db
	$(BIN)/kooperacja deploy processes
	$(BIN)/kooperacja demo
	$(BIN)/kooperacja secret-key instance/secret_key
	KOOPERACJA_SECRET_KEY_FILE=instance/secret_key $(BIN)/kooperacja serve --with-worker --host 127.0.0.1 --port 5000

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/engine_bench.py --quick

clean:
	rm -rf $(VENV) instance node_modules test-artifacts .pytest_cache .ruff_cache *.egg-info

# English UI catalogue: extract the Polish texts of web/ and merge them into web/translations/en; then translate
# every new or fuzzy entry (tests/web/test_translations.py lists them and reads its -k keywords from this recipe).
# messages.pot is generated, so it stays out of git.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --add-location=file --no-wrap --sort-output \
	  --project=Kooperacja -o web/translations/messages.pot web
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations -l en \
	  --init-missing --ignore-obsolete --previous --no-wrap
