#!/usr/bin/env bash
# System packages the tests need and pip cannot provide: Java (HanLP, Elasticsearch), Maven,
# and Debian's Chromium + ChromeDriver (with a CJK font) for the browser tests. Installs only what is missing.
set -euo pipefail
# `--core`: only what the pipeline itself needs (Java, Maven); the browser is for the tests.
missing=()
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
if [ "${1:-}" != "--core" ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  # a CJK font, so browser screenshots of Chinese pages show characters instead of boxes
  fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing+=(fonts-wqy-microhei)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing system packages: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
