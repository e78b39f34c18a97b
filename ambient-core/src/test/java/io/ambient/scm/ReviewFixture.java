package io.ambient.scm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static io.ambient.scm.RealPatches.lines;
import static io.ambient.scm.RealPatches.replaceLine;

/**
 * A pull request and an agent's run on it, as real patches. The pull request changes lines 10 and 30 of
 * {@code src/App.java}, so its diff shows lines 7-13 and 27-33. The agent, working on the pull request's head,
 * replaces lines 10-11 (inside the diff), inserts a line after line 28 (inside), changes line 38 (outside), adds
 * {@code docs/new.md}, deletes {@code old.txt} and changes the binary {@code logo.png}.
 */
record ReviewFixture(String agentPatch, Map<String, String> pullRequestHunks) {
    static final String APP = "src/App.java";
    static final String HEAD_SHA = "a".repeat(40);

    static ReviewFixture make(Path tmp) throws IOException, InterruptedException {
        String base = lines(40);
        String head = replaceLine(replaceLine(base, 10, "line 10 changed by PR"), 30, "line 30 changed by PR");
        String agent = replaceLine(replaceLine(replaceLine(head, 38, "line 38 fixed by agent"), 28,
                "line 28\ninserted"), 10, "new ten\nnew ten b\nnew eleven");
        agent = agent.replace("new eleven\nline 11\n", "new eleven\n");
        String prPatch = RealPatches.diff(tmp.resolve("pr"), Map.of(APP, base), Map.of(APP, head));
        String agentPatch = RealPatches.diff(tmp.resolve("run"),
                Map.of(APP, head, "old.txt", "obsolete\n", "logo.png", "\u0000PNG\u0001"),
                Map.of(APP, agent, "docs/new.md", "# New\n", "logo.png", "\u0000PNG\u0002"));
        return new ReviewFixture(agentPatch, RealPatches.hunksPerFile(prPatch));
    }
}
