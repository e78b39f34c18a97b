#!/usr/bin/env bash
# The plugin lane: ambient-jenkins' JenkinsRule tests in a real Jenkins 2.568.1 built from its sources by the shared
# jenkins-from-source toolkit (docs/development.md). Runs when that runtime is present, else says in one line how to
# build it. Needs the Docker engine and images .ci/provision-docker.sh provides.
#   AMBIENT_JENKINS_RUNTIME  the runtime build.sh wrote (default /work/jenkins-runtime)
#   JENKINS_FROM_SOURCE      the toolkit (default /work/shared/jenkins-from-source)
set -uo pipefail
cd "$(dirname "$0")/.."
RUNTIME=${AMBIENT_JENKINS_RUNTIME:-/work/jenkins-runtime}
TOOLKIT=${JENKINS_FROM_SOURCE:-/work/shared/jenkins-from-source}

if [[ ! -f "$RUNTIME/runtime.env" || ! -f "$TOOLKIT/test.sh" ]]; then
  echo "plugin tests skipped: no Jenkins runtime at $RUNTIME (build it with: bash $TOOLKIT/build.sh MIRRORS $RUNTIME; see docs/development.md)"
  exit 0
fi

# Jenkins registers Stapler and its filters in core's META-INF/web-fragment.xml, which Jetty reads only from a jar in
# the webapp's WEB-INF/lib; the runtime's core is a classes directory. The descriptor is put there in a jar of its own.
war=$RUNTIME/run/war/target/jenkins/WEB-INF
if [[ ! -f "$war/lib/jenkins-core-web-fragment.jar" ]]; then
  . "$RUNTIME/runtime.env"
  staging=$(mktemp -d) && mkdir -p "$staging/META-INF" "$war/lib" &&
    cp "$RUNTIME/core-classes/META-INF/web-fragment.xml" "$staging/META-INF/" &&
    "$JDK/bin/jar" cf "$war/lib/jenkins-core-web-fragment.jar" -C "$staging" META-INF/web-fragment.xml &&
    rm -rf "$staging" || { echo "plugin tests: cannot add core's web fragment to $war/lib" >&2; exit 1; }
fi

# What the runtime cannot do is named, and the tests that need it are skipped with that reason (the test annotations
# @RendersPages and @NeedsInboundAgents), rather than failing on the runtime's account.
lacks=()
if [[ ! -f "$RUNTIME/core-classes/org/apache/commons/jexl/parser/ASTTernaryNode.class" ]]; then
  lacks+=(pages)
  echo "plugin tests: this runtime cannot render Jelly pages (its JEXL is not Jenkins' fork: no 'a ? b : c'); page tests are skipped"
fi
if [[ ! -f "$war/agent.jar" ]]; then
  lacks+=(agents)
  echo "plugin tests: this runtime has no agent.jar (WEB-INF/agent.jar); inbound agent tests are skipped"
fi
JAVA_OPTS_EXTRA="${JAVA_OPTS_EXTRA:-} -Dambient.jenkins.runtime.lacks=$(IFS=,; echo "${lacks[*]:-none}")"
export JAVA_OPTS_EXTRA

echo "plugin tests: ambient-jenkins against $RUNTIME, one JVM per test class"
out=$(mktemp)
bash "$TOOLKIT/test.sh" "$RUNTIME" "$PWD" "$@" | tee "$out"
status=${PIPESTATUS[0]}
echo "plugin tests: $(tail -1 "$out")"
rm -f "$out"
exit "$status"
