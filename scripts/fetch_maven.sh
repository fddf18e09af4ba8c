#!/usr/bin/env bash
# Fetch one Maven artifact (group:artifact:version[:packaging]) into a directory, through Maven.
set -euo pipefail
artifact="$1"; dest="$2"
mkdir -p "$dest"
mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$dest" -Dmdep.stripVersion=false
