package io.ambient.jenkins.steps;

import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pipelines for the step tests: a real git workspace, the {@code command} agent in a real container. */
final class Pipelines {
    /** A small image with a shell, already on the engine (the same one ambient-core's Docker tests use). */
    static final String IMAGE = System.getenv().getOrDefault("AMBIENT_TEST_IMAGE", "ambient-test/busybox:1");
    private static final Pattern STARTED = Pattern.compile("ambient: started run (\\S+)");

    private Pipelines() {
    }

    /** A node block whose workspace is a fresh git repository with {@code api/} and {@code web/}, then {@code body}. */
    static String inGitWorkspace(String body) {
        return """
                node {
                  deleteDir()
                  writeFile file: 'api/Api.java', text: 'class Api {}\\n'
                  writeFile file: 'web/index.html', text: '<p>hi</p>\\n'
                  sh 'git init -q && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm init'
                %s
                }
                """.formatted(body);
    }

    /** {@code body} in a git workspace on the node {@code label} instead of any node. */
    static String inGitWorkspaceOn(String label, String body) {
        return inGitWorkspace(body).replaceFirst("node \\{", "node('" + label + "') {");
    }

    /** The warnings the build's steps carry, as the stage view and Blue Ocean show them on their stage. */
    static List<String> warnings(WorkflowRun build) {
        return new DepthFirstScanner().allNodes(build.getExecution()).stream()
                .map(node -> node.getPersistentAction(WarningAction.class)).filter(Objects::nonNull)
                .map(WarningAction::getMessage).toList();
    }

    /** {@code ambientAgent} with the command agent running {@code script} with {@code sh -c}, plus {@code more}. */
    static String commandAgent(String script, String more) {
        return "ambientAgent agent: 'command', image: '" + IMAGE + "', prompt: 'do it', args: ['sh', '-c', '"
                + script + "']" + more;
    }

    static WorkflowJob job(JenkinsRule j, String script) throws Exception {
        return job(j, "p", script);
    }

    /** A sandboxed Pipeline job {@code name} running {@code script}. */
    static WorkflowJob job(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** The run id the step printed when it started the container. */
    static String runId(String log) {
        Matcher matcher = STARTED.matcher(log);
        if (!matcher.find()) {
            throw new AssertionError("no started run in the log:\n" + log);
        }
        return matcher.group(1);
    }
}
