package io.ambient.jenkins.report;

import hudson.Extension;
import hudson.Util;
import hudson.model.Api;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.RootAction;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

import java.util.List;
import java.util.function.Predicate;

/**
 * {@code /ambient/}: the recent agent runs of all jobs the current user may read, newest first, filterable with the
 * query parameters {@code job} (full name or a prefix such as {@code team/}), {@code agent} and {@code status};
 * {@code /ambient/api/json} is the same list as a read-only tracking API. Reads {@link RunIndex}, never the build
 * history.
 */
@Extension
@ExportedBean
public class AmbientDashboard extends AmbientLink implements RootAction {
    /** The most runs one page or API call returns. */
    static final int MAX_SHOWN = 500;

    /** The runs the current user may see, filtered by the request's query parameters. */
    @Exported(visibility = 2)
    public List<DashboardEntry> getRuns() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        Predicate<DashboardEntry> filter = filter(req == null ? null : req.getParameter("job"),
                req == null ? null : req.getParameter("agent"), req == null ? null : req.getParameter("status"));
        return RunIndex.get().entries().stream().filter(filter).filter(AmbientDashboard::readable)
                .limit(MAX_SHOWN).toList();
    }

    static Predicate<DashboardEntry> filter(String job, String agent, String status) {
        String jobPrefix = Util.fixEmptyAndTrim(job);
        String agentName = Util.fixEmptyAndTrim(agent);
        String statusName = Util.fixEmptyAndTrim(status);
        return entry -> (jobPrefix == null || entry.getJob().equals(jobPrefix)
                        || entry.getJob().startsWith(jobPrefix.endsWith("/") ? jobPrefix : jobPrefix + "/"))
                && (agentName == null || agentName.equals(entry.getRun().getAgent()))
                && (statusName == null || statusName.equalsIgnoreCase(entry.getRun().getStatus()));
    }

    private static boolean readable(DashboardEntry entry) {
        Job<?, ?> job = Jenkins.get().getItemByFullName(entry.getJob(), Job.class);
        return job != null && job.hasPermission(Item.READ);
    }

    /** The query parameter {@code name} of the current request, for the filter form. */
    public String param(String name) {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        return req == null ? "" : Util.fixNull(req.getParameter(name));
    }

    /** The read-only tracking API. */
    public Api getApi() {
        return new Api(this);
    }
}
