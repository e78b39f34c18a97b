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
# @RendersPages and @NeedsInboundAgents), rather than failing on the runtime's account. The first gap found per
# capability is reported.
lacks=()
lack() { lacks+=("$1"); echo "plugin tests: this runtime $2; the tests that need $1 are skipped"; }
whitelisted() {  # whether a jar's manifest lets remoting carry its classes
  python3 -c 'import sys, zipfile; sys.exit("Jenkins-ClassFilter-Whitelisted: true" not in
    zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF").decode())' "$1" 2>/dev/null; }
if [[ ! -f "$RUNTIME/core-classes/org/apache/commons/jexl/parser/ASTTernaryNode.class" ]]; then
  lack pages "cannot render Jelly pages (its JEXL is not Jenkins' fork: no 'a ? b : c')"
elif [[ ! -f "$war/../jsbundles/vendors.js" ]]; then
  lack pages "has no JavaScript bundles (jsbundles/, webpack's output in a real war), which every page loads"
fi
if [[ ! -f "$war/agent.jar" ]]; then
  lack agents "has no agent.jar (WEB-INF/agent.jar)"
elif [[ ! -f "$RUNTIME/core-classes/jenkins/slaves/remoting-info.properties" ]]; then
  lack agents "lacks core's jenkins/slaves/remoting-info.properties (a filtered resource), so no agent can connect"
elif ! whitelisted "$RUNTIME/plugins/exploded/durable-task/WEB-INF/lib/durable-task.jar"; then
  lack agents "has a durable-task jar not marked Jenkins-ClassFilter-Whitelisted, so sh fails on agents"
fi
# test.sh runs the tests in its own work directory, not the module's: the tests that read the docs are told where.
JAVA_OPTS_EXTRA="${JAVA_OPTS_EXTRA:-} -Dambient.jenkins.runtime.lacks=$(IFS=,; echo "${lacks[*]:-none}") -Dambient.docs.dir=$PWD/docs"
export JAVA_OPTS_EXTRA

# ambient-core's test doubles (FakeAnthropicApi, ...) serve the end-to-end pipeline tests, as the test-jar dependency
# does in the Maven build. test.sh puts the runtime's classpath tail last on the test classpath: the lane runs it on a
# view of the runtime, the same entries linked, whose tail also names that jar.
core_tests=$(ls ambient-core/target/ambient-core-*-tests.jar 2>/dev/null | head -1)
if [[ -z "$core_tests" ]]; then
  echo "plugin tests: building ambient-core and its test jar (mvn -q -B -DskipTests install -pl ambient-core -am)"
  mvn -q -B -DskipTests install -pl ambient-core -am || { echo "plugin tests: cannot build ambient-core" >&2; exit 1; }
  core_tests=$(ls ambient-core/target/ambient-core-*-tests.jar | head -1)
fi
view=$(mktemp -d)
trap 'rm -rf "$view" "${out:-}"' EXIT
for entry in "$RUNTIME"/*; do ln -s "$entry" "$view/"; done
rm "$view/runtime-classpath-tail.txt"
{ cat "$RUNTIME/runtime-classpath-tail.txt"; echo "$PWD/$core_tests"; } > "$view/runtime-classpath-tail.txt"

# Configuration as Code is not among the toolkit's plugins. Its released binary (1647.ve39ca_b_829b_42, for Jenkins
# 2.387.1 and later) is taken, byte for byte, from a stored Jenkins home, as the toolkit takes its own: the view gets
# it as a test dependency, and its jars (its own and the libraries it bundles) on the test classpath, as Maven puts a
# test dependency and what it brings. Without that repository's snapshot the JCasC tests do
# not compile and are named as a gap of the runtime.
CASC_MIRROR=${AMBIENT_CASC_MIRROR:-$(dirname "$RUNTIME")/.mirror/cmercadal+jenkinsDocker/repo}
CASC_BLOB=0bef3f615d7af1409ad0f82963e5d730f107761a   # jenkins_home/plugins/configuration-as-code.jpi
casc=$view/casc
if [[ $(git --git-dir="$CASC_MIRROR" rev-parse "HEAD:jenkins_home/plugins/configuration-as-code.jpi" 2>/dev/null) == "$CASC_BLOB" ]]; then
  rm "$view/plugins" && mkdir -p "$view/plugins/test-dependencies" "$casc" &&
    for entry in "$RUNTIME"/plugins/*; do [[ $entry == */test-dependencies ]] || ln -s "$entry" "$view/plugins/"; done &&
    for jpi in "$RUNTIME"/plugins/test-dependencies/*.jpi; do ln -s "$jpi" "$view/plugins/test-dependencies/"; done &&
    git --git-dir="$CASC_MIRROR" cat-file blob "$CASC_BLOB" > "$view/plugins/test-dependencies/configuration-as-code.jpi" &&
    { cat "$RUNTIME/plugins/test-dependencies/index"; echo configuration-as-code; } > "$view/plugins/test-dependencies/index" &&
    python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for jar in (n for n in z.namelist() if n.startswith("WEB-INF/lib/") and n.endswith(".jar")): print(z.extract(jar, sys.argv[2]))' \
      "$view/plugins/test-dependencies/configuration-as-code.jpi" "$casc" >> "$view/runtime-classpath-tail.txt" ||
    { echo "plugin tests: cannot add configuration-as-code to the runtime's view" >&2; exit 1; }
else
  echo "plugin tests: no configuration-as-code plugin (fetch github:cmercadal/jenkinsDocker into $(dirname "$CASC_MIRROR")); the JCasC tests are not compiled"
fi

echo "plugin tests: ambient-jenkins against $RUNTIME, one JVM per test class"
out=$(mktemp)
bash "$TOOLKIT/test.sh" "$view" "$PWD" "$@" | sed -u "s|$view|$RUNTIME|g" | tee "$out"
status=${PIPESTATUS[0]}
echo "plugin tests: $(tail -1 "$out")"
# test.sh leaves out the test classes that do not compile against the runtime. A package the runtime lacks is a gap
# of the runtime (said, not failed); any other compile error is the project's own and fails the lane.
results=$(sed -n 's/^results: //p' "$out" | tail -1)
uncompiled=${results:+$(dirname "$(dirname "$results")")/test-uncompiled.txt}
if [[ -n $uncompiled && -s $uncompiled ]]; then
  while IFS=$'\t' read -r file error; do
    if [[ $error =~ error:\ package\ [^\ ]+\ does\ not\ exist ]]; then
      echo "plugin tests: not compiled, the runtime lacks a plugin: $file ($error)"
    else
      echo "plugin tests: FAILED to compile: $file: $error"
      status=1
    fi
  done < "$uncompiled"
fi
exit "$status"
