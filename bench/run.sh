#!/usr/bin/env bash
# Builds the CLI and the benchmark, then measures per-run overhead against raw `docker run`.
# Needs a Docker engine and the test image (bash .ci/provision-docker.sh). Arguments go to the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests package
java -jar bench/target/ambient-bench.jar --cli-jar ambient-cli/target/ambient.jar "$@"
