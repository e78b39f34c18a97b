#!/usr/bin/env bash
# Benchmarks, run on demand (see docs/performance.md):
#   bench/run.sh [overhead] [--iterations 20] ...  per-run overhead against raw `docker run` (needs Docker + test image)
#   bench/run.sh parsers [--mb 200] ...            stream parsing throughput and heap per agent adapter, in 64 MB of heap
#   bench/run.sh fanout [--runs 32] [--parallel 8] [--seconds 1] [--rounds 3]
#                                                  fan-out wall time against the ideal and parallel `docker run` (needs Docker + test image)
#   bench/run.sh render [--events 10000] [--runs 50] [--rounds 20]
#                                                  HTML and Markdown rendering time and size of big run and fan-out reports
#   bench/run.sh outbox [--records 2000] [--rounds 3] [--events 300] [--files 20] [--delay-ms 0]
#                                                  tracking outbox enqueue and delivery rate against direct PUTs to a loopback receiver
#   bench/run.sh mask [--mb 50] [--rounds 5]       masking a patch for one secret (all its encodings)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests package
what=overhead
case "${1:-}" in overhead|parsers|fanout|render|outbox|mask) what=$1; shift ;; esac
if [ "$what" = parsers ]; then
  java -Xmx64m -cp bench/target/ambient-bench.jar io.ambient.bench.ParserBenchmark "$@"
elif [ "$what" = render ]; then
  java -cp bench/target/ambient-bench.jar io.ambient.bench.RenderBenchmark "$@"
elif [ "$what" = mask ]; then
  java -cp bench/target/ambient-bench.jar io.ambient.bench.MaskingBenchmark "$@"
elif [ "$what" = outbox ]; then
  java -cp bench/target/ambient-bench.jar io.ambient.bench.OutboxBenchmark "$@"
elif [ "$what" = fanout ]; then
  java -cp bench/target/ambient-bench.jar io.ambient.bench.FanOutBenchmark "$@"
else
  java -jar bench/target/ambient-bench.jar --cli-jar ambient-cli/target/ambient.jar "$@"
fi
