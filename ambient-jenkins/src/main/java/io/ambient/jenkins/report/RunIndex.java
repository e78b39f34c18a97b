package io.ambient.jenkins.report;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import jenkins.model.Jenkins;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller's index of recent agent runs across all jobs, for {@link AmbientDashboard}: updated as builds
 * complete or are deleted, so the dashboard never walks the build history. Kept newest first and capped at
 * {@link #MAX_ENTRIES}, in {@code $JENKINS_HOME/ambient/run-index.xml}; when that file is missing (first start with
 * the plugin) it is rebuilt once, lazily, from the last {@link #REBUILD_BUILDS_PER_JOB} builds of each job.
 *
 * <p>The index holds every run regardless of who may see it; readers filter by permission.
 */
@Extension
public class RunIndex extends RunListener<Run<?, ?>> {
    /** Entries kept. */
    static final int MAX_ENTRIES = 2000;
    /** Builds per job read when the index is rebuilt. */
    static final int REBUILD_BUILDS_PER_JOB = 20;

    private static final Logger LOGGER = Logger.getLogger(RunIndex.class.getName());

    private List<DashboardEntry> entries;

    /** The singleton. */
    public static RunIndex get() {
        return ExtensionList.lookupSingleton(RunIndex.class);
    }

    @Override
    public void onCompleted(Run<?, ?> build, TaskListener listener) {
        AmbientRunsAction action = build.getAction(AmbientRunsAction.class);
        if (action != null) {
            update(build, action.getRuns());
        }
    }

    @Override
    public void onDeleted(Run<?, ?> build) {
        if (build.getAction(AmbientRunsAction.class) != null) {
            update(build, List.of());
        }
    }

    /** All entries, newest first, unfiltered. */
    public synchronized List<DashboardEntry> entries() {
        return List.copyOf(loaded());
    }

    private synchronized void update(Run<?, ?> build, List<RunEntry> runs) {
        List<DashboardEntry> all = loaded();
        all.removeIf(entry -> entry.isOf(build));
        runs.forEach(run -> all.add(new DashboardEntry(build, run)));
        sortAndCap(all);
        save(all);
    }

    private List<DashboardEntry> loaded() {
        if (entries == null) {
            entries = read();
            if (entries == null) {
                entries = rebuild();
                save(entries);
            }
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    private List<DashboardEntry> read() {
        XmlFile file = file();
        if (!file.exists()) {
            return null;
        }
        try {
            return new ArrayList<>((List<DashboardEntry>) file.read());
        } catch (IOException | ClassCastException e) {
            LOGGER.log(Level.WARNING, "unreadable " + file + "; rebuilding the Ambient run index", e);
            return null;
        }
    }

    private static List<DashboardEntry> rebuild() {
        List<DashboardEntry> all = new ArrayList<>();
        // The index must hold every run; who may see what is decided when it is read.
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (Job<?, ?> job : Jenkins.get().allItems(Job.class)) {
                for (Run<?, ?> build : job.getBuilds().limit(REBUILD_BUILDS_PER_JOB)) {
                    AmbientRunsAction action = build.getAction(AmbientRunsAction.class);
                    if (action != null && !build.isBuilding()) {
                        action.getRuns().forEach(run -> all.add(new DashboardEntry(build, run)));
                    }
                }
            }
        }
        sortAndCap(all);
        return all;
    }

    private static void sortAndCap(List<DashboardEntry> all) {
        all.sort(Comparator.comparingLong((DashboardEntry entry) -> entry.getRun().getStartedAt()).reversed());
        if (all.size() > MAX_ENTRIES) {
            all.subList(MAX_ENTRIES, all.size()).clear();
        }
    }

    private static void save(List<DashboardEntry> all) {
        try {
            file().write(new ArrayList<>(all)); // XmlFile creates the directory and writes atomically
        } catch (IOException e) {
            // The dashboard can be rebuilt from the builds; a failed save must not disturb a build.
            LOGGER.log(Level.WARNING, "cannot save the Ambient run index", e);
        }
    }

    private static XmlFile file() {
        return new XmlFile(new File(new File(Jenkins.get().getRootDir(), "ambient"), "run-index.xml"));
    }
}
