#!/usr/bin/env bash
# The 60-second demo: builds the `ambient` command line, then runs the `command` agent
# on a sample git repository and leaves its report (report.json, report.html) under target/demo/report/.
# Runs the agent in a container when a Docker engine answers; otherwise as a local
# process, announced as running WITHOUT isolation.
set -euo pipefail
cd "$(dirname "$0")"

JAR=ambient-cli/target/ambient.jar
if [ ! -f "$JAR" ]; then
  echo "demo: building the command line (mvn package, tests skipped)"
  mvn -B -q -DskipTests package
fi

DEMO=target/demo
rm -rf "$DEMO"
mkdir -p "$DEMO"
cp -r demo/sample-repo "$DEMO/repo"
git -C "$DEMO/repo" init -q
git -C "$DEMO/repo" add -A
git -C "$DEMO/repo" -c user.name=demo -c user.email=demo@example.invalid commit -q -m "Sample project"

IMAGE=${AMBIENT_DEMO_IMAGE:-ambient-test/busybox:1}
if docker info >/dev/null 2>&1 && bash .ci/build-test-image.sh; then
  RUN_IN=(--executor docker --image "$IMAGE" --network none)
  echo "demo: running the agent in a hardened container ($IMAGE)"
else
  RUN_IN=(--executor process)
  echo "demo: no Docker engine answers: running the agent as a LOCAL PROCESS, WITHOUT ISOLATION"
fi

set +e
java -jar "$JAR" run --agent command "${RUN_IN[@]}" \
  --workspace "$DEMO/repo" --out "$DEMO/report" --state-dir "$DEMO/state" --timeout 2m \
  --prompt "Tidy the repository: fix typos in the README, record the change in a CHANGELOG, remove unused files." \
  -- sh tools/tidy-agent.sh
status=$?
set -e

if [ ! -f "$DEMO/report/report.json" ]; then
  echo "demo: the run left no report (exit $status)"
  exit $status
fi
# The page a person reads, beside the JSON a program reads.
java -jar "$JAR" report --html "$DEMO/report/report.json"

echo
echo "demo: the report is $DEMO/report/report.json"
echo "demo: its page is   $DEMO/report/report.html (open it in a browser)"
echo "demo: the patch is  $DEMO/report/changes.patch:"
cat "$DEMO/report/changes.patch"
exit $status
