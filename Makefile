# Two commands a new user needs: `make run` and `make test`. `make bench` runs the benchmarks,
# `make dist` builds the folder for the hall's PCs (installer.spec), `make lock` refreshes the
# locks from pyproject.toml's ranges.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed
APT_PACKAGES := poppler-utils zbar-tools espeak-ng socat sox libusb-1.0-0 \
	libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0

# Every install is from a lock with hashes, for every platform (pywin32 carries its Windows
# marker; pip skips it elsewhere). requirements-test.lock includes the runtime and PyInstaller.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
PIP_LOCKED := pip install -q --require-hashes -r
UV := uv==0.13.9
COMPILE := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --quiet --custom-compile-command 'make lock' $(UPGRADE)

# The oldest PySide6 the README promises (domestic Linux, glibc 2.28): its own venv, the test
# lock with PySide6 pinned to it, and the tests of the rules, the services and the main screens.
QT69 := 6.9.3
QT69_BIN := $(VENV)/qt69/bin
QT69_STAMP := $(VENV)/qt69/.installed
QT69_TESTS := tests/identity tests/hall tests/cases/test_case_states.py tests/queue/test_rules.py \
	tests/queue/test_service.py tests/queue/test_ui.py tests/ui/test_login_and_main.py \
	tests/ui/test_reception_panel.py tests/printing/test_printing_ui.py

DIST := dist/ip-counter
DIST_STAMP := $(DIST)/.built
DIST_SOURCES := $(shell find main.py installer.spec scripts/counter_admin.py counter_app db \
	printers hall_devices ui resources -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: run test test-qt69 bench lint lock dist dist-qt69 system-deps clean

$(STAMP): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/$(PIP_LOCKED) $(LOCK)
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(TEST_STAMP): $(STAMP) $(TEST_LOCK)
	$(BIN)/$(PIP_LOCKED) $(TEST_LOCK)
	$(BIN)/pip install -q --no-deps -e .
	touch $(TEST_STAMP)

$(QT69_STAMP): requirements-qt69.lock pyproject.toml
	test -x $(QT69_BIN)/python || $(PY) -m venv $(VENV)/qt69
	$(QT69_BIN)/pip install -q --upgrade pip
	$(QT69_BIN)/$(PIP_LOCKED) requirements-qt69.lock
	$(QT69_BIN)/pip install -q --no-deps -e .
	touch $(QT69_STAMP)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy counter_app db printers ui main.py

# The whole suite (tests/packaging builds the folder with `make dist` and runs the built
# program from outside the tree), then the PySide6 6.9 run.
test: system-deps $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-qt69

test-qt69: system-deps $(QT69_STAMP)
	@$(QT69_BIN)/python -c 'from importlib.metadata import version as v; \
	  print("PySide6", v("PySide6-Essentials"), v("PySide6-Addons"))'
	cd / && QT_QPA_PLATFORM=offscreen $(CURDIR)/$(QT69_BIN)/python $(CURDIR)/main.py --self-test
	QT_QPA_PLATFORM=offscreen $(QT69_BIN)/python -m pytest -q -p no:cacheprovider $(QT69_TESTS)

bench: system-deps $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The folder for the hall's PCs: dist/ip-counter (README "Installing on the hall's PCs").
# Rebuilt when a source, resource, the spec or the lock changed.
dist: $(DIST_STAMP)

$(DIST_STAMP): $(TEST_STAMP) $(DIST_SOURCES)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build installer.spec
	@du -sh $(DIST)
	touch $(DIST_STAMP)

# The same folder with PySide6 $(QT69), for systems with glibc 2.28-2.33 (Kylin, UOS): run it
# there (the folder needs the glibc it was built on or newer): dist/qt69/ip-counter.
dist-qt69: $(QT69_STAMP)
	$(QT69_BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist/qt69 \
	  --workpath build/qt69 installer.spec
	@du -sh dist/qt69/ip-counter

# Refresh the locks from pyproject.toml: keeps the locked versions that still fit;
# `make lock UPGRADE=--upgrade` takes the newest its ranges allow.
lock:
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/pip install -q $(UV)
	$(COMPILE) -o $(LOCK)
	$(COMPILE) --extra test -o $(TEST_LOCK)
	mkdir -p build
	printf 'PySide6-Essentials==$(QT69)\nPySide6-Addons==$(QT69)\n' > build/qt69-overrides.txt
	$(COMPILE) --extra test --override build/qt69-overrides.txt -o requirements-qt69.lock

clean:
	rm -rf $(VENV) build dist *.egg-info
