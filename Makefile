# eventline — the two commands are `make demo` and `make test`; the rest are building blocks.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
HANLP_VERSION ?= portable-1.8.6
HANLP_JAR := var/lib/hanlp-$(HANLP_VERSION).jar

.PHONY: setup setup-core system-deps system-deps-core demo test eval bench es es-stop airflow lint schemas clean

$(VENV)/.installed: requirements.txt requirements-nodeps.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -r requirements-nodeps.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(HANLP_JAR):
	scripts/fetch_maven.sh com.hankcs:hanlp:$(HANLP_VERSION) var/lib
	test -f $@

system-deps-core:
	scripts/install_system_deps.sh --core

system-deps:
	scripts/install_system_deps.sh

# what the pipeline needs: Java + Maven, the venv, the HanLP jar
setup-core: system-deps-core $(VENV)/.installed $(HANLP_JAR)

# everything the tests need as well: Chromium and a CJK font
setup: system-deps setup-core

demo: setup-core
	$(VENV)/bin/eventline demo

test: setup
	$(PY) -m pytest

# seeds, both dev sets and the sample site: per set and per type P/R/F1, participants, region, date_exact
eval: setup-core
	$(PY) -m eval.run --shared $(SHARED) --out var/eval

bench: setup
	$(PY) bench/extract.py
	$(PY) bench/store.py
	$(PY) bench/crawl.py
	$(PY) bench/digest.py
	$(PY) bench/api.py

es: setup
	$(PY) scripts/es_node.py start

es-stop:
	$(PY) scripts/es_node.py stop

airflow: setup
	scripts/airflow_standalone.sh

lint: setup
	$(VENV)/bin/ruff check .

schemas: $(VENV)/.installed
	$(PY) -m schemas.export
	$(PY) -m store.es_templates

clean:
	rm -rf var/eval var/demo
