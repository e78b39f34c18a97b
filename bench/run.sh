#!/usr/bin/env bash
# Benchmarks, run on demand (see docs/performance.md):
#   bench/run.sh [overhead] [--iterations 20] ...  per-run overhead against raw `docker run` (needs Docker + test image)
#   bench/run.sh parsers [--mb 200] ...            stream parsing throughput and heap per agent adapter, in 64 MB of heap
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests package
what=overhead
case "${1:-}" in overhead|parsers) what=$1; shift ;; esac
if [ "$what" = parsers ]; then
  java -Xmx64m -cp bench/target/ambient-bench.jar io.ambient.bench.ParserBenchmark "$@"
else
  java -jar bench/target/ambient-bench.jar --cli-jar ambient-cli/target/ambient.jar "$@"
fi
