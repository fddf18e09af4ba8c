#!/usr/bin/env bash
# Airflow standalone for local development: SQLite metadata, small parallelism, eventline's
# DAGs, and the sample site served on 127.0.0.1:8765 as a crawl source.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export AIRFLOW_HOME="$root/var/airflow"
export AIRFLOW__CORE__DAGS_FOLDER="$root/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__PARALLELISM=4
export AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG=2
export AIRFLOW__CORE__DEFAULT_TIMEZONE=Asia/Shanghai
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
export EVENTLINE_SAMPLE_SITE="${EVENTLINE_SAMPLE_SITE:-http://127.0.0.1:8765}"
mkdir -p "$AIRFLOW_HOME"
.venv/bin/python -m sample_site.server --root sample_site/site --port 8765 &
site_pid=$!
trap 'kill $site_pid 2>/dev/null || true' EXIT
.venv/bin/airflow standalone
