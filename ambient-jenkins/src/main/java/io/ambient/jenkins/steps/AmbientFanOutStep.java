package io.ambient.jenkins.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ambientFanOut}: many agent runs at once on the build's node, over shards of the workspace and/or a model
 * matrix, each in its own container on its own copy of the workspace; results verified, compared, and the picked
 * changes merged into the workspace. Returns one entry per run plus what was picked. {@code budgetUsd} is the total
 * across the runs. It survives a controller restart when its node's JVM does (see docs/jenkins.md); for spreading runs
 * over several nodes, use {@code parallel} stages with one {@code ambientAgent} each.
 */
public class AmbientFanOutStep extends AmbientStep {
    static final List<String> PICK_RULES = List.of("best", "first-passing", "none");

    private Map<String, List<String>> shards = Map.of();
    private Integer shardsAuto;
    private List<String> shardGlobs = List.of();
    private boolean codeowners;
    private List<String> models = List.of();
    private Integer maxParallel;
    private boolean failFast;
    private String pick = "best";

    /** @param prompt the task, a template: {@code ${SHARD_NAME}}, {@code ${SHARD_PATHS}}, {@code ${RUN_NAME}} per run */
    @DataBoundConstructor
    public AmbientFanOutStep(String prompt) {
        super(prompt);
    }

    public Map<String, List<String>> getShards() {
        return shards;
    }

    /** Explicit shards: name to workspace-relative paths, e.g. {@code [api: ['api/'], web: ['web/']]}. */
    @DataBoundSetter
    public void setShards(Map<String, List<String>> shards) {
        this.shards = shards == null ? Map.of() : new LinkedHashMap<>(shards);
    }

    public Integer getShardsAuto() {
        return shardsAuto;
    }

    @DataBoundSetter
    public void setShardsAuto(Integer shardsAuto) {
        this.shardsAuto = shardsAuto;
    }

    public List<String> getShardGlobs() {
        return shardGlobs;
    }

    @DataBoundSetter
    public void setShardGlobs(List<String> shardGlobs) {
        this.shardGlobs = blankless(shardGlobs);
    }

    public boolean isCodeowners() {
        return codeowners;
    }

    @DataBoundSetter
    public void setCodeowners(boolean codeowners) {
        this.codeowners = codeowners;
    }

    public List<String> getModels() {
        return models;
    }

    /** Model matrix: {@code PROFILE[:MODEL]} entries, e.g. {@code ['claude-code:sonnet', 'codex:gpt-5', 'gemini']}. */
    @DataBoundSetter
    public void setModels(List<String> models) {
        this.models = blankless(models);
    }

    public Integer getMaxParallel() {
        return maxParallel;
    }

    @DataBoundSetter
    public void setMaxParallel(Integer maxParallel) {
        this.maxParallel = maxParallel;
    }

    public boolean isFailFast() {
        return failFast;
    }

    @DataBoundSetter
    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    public String getPick() {
        return pick;
    }

    @DataBoundSetter
    public void setPick(String pick) {
        this.pick = Util.fixEmptyAndTrim(pick) == null ? "best" : pick.trim();
    }

    @Override
    void checkParameters() throws AbortException {
        super.checkParameters();
        List<String> sources = new ArrayList<>();
        if (!shards.isEmpty()) {
            sources.add("shards");
        }
        if (shardsAuto != null) {
            sources.add("shardsAuto");
        }
        if (!shardGlobs.isEmpty()) {
            sources.add("shardGlobs");
        }
        if (codeowners) {
            sources.add("codeowners");
        }
        if (sources.size() > 1) {
            throw new AbortException(String.join(" and ", sources) + " both give shards: use one of shards, "
                    + "shardsAuto, shardGlobs or codeowners");
        }
        if (sources.isEmpty() && models.isEmpty()) {
            throw new AbortException("a fan-out needs shards or models: give shards, shardsAuto, shardGlobs, "
                    + "codeowners or models");
        }
        if (!PICK_RULES.contains(pick.toLowerCase(Locale.ROOT))) {
            throw new AbortException("invalid pick: '" + pick + "': use " + String.join(", ", PICK_RULES));
        }
        if (maxParallel != null && maxParallel < 1) {
            throw new AbortException("invalid maxParallel: " + maxParallel + ": give at least 1");
        }
    }

    /** The fan-out's budget is the total across its runs ({@link #options()}), not each run's. */
    @Override
    Double runBudgetUsd() {
        return null;
    }

    FanOutOptions options() {
        return new FanOutOptions(shards, shardsAuto, shardGlobs, codeowners, models, maxParallel, failFast,
                getVerify(), pick, getBudgetUsd());
    }

    @Override
    public StepExecution start(StepContext context) {
        return new FanOutExecution(context, this);
    }

    private static List<String> blankless(List<String> values) {
        return values == null ? List.of() : values.stream().map(Util::fixEmptyAndTrim).filter(v -> v != null).toList();
    }

    @Extension
    public static final class DescriptorImpl extends AmbientStepDescriptor {

        @Override
        public String getFunctionName() {
            return "ambientFanOut";
        }

        @Override
        public String getDisplayName() {
            return "Run many AI coding agents at once: shards, model matrix, verify, pick";
        }

        @POST
        public ListBoxModel doFillPickItems(@AncestorInPath Item item) {
            return choices(item, PICK_RULES);
        }

        /** The model matrix (one entry here; a list of several in the Jenkinsfile): the same profiles as agent. */
        @POST
        public ListBoxModel doFillModelsItems(@AncestorInPath Item item) {
            return doFillAgentItems(item);
        }

        @POST
        public FormValidation doCheckShardsAuto(@AncestorInPath Item item, @QueryParameter String value) {
            return positiveIntegerOrEmpty(item, value);
        }

        @POST
        public FormValidation doCheckMaxParallel(@AncestorInPath Item item, @QueryParameter String value) {
            return positiveIntegerOrEmpty(item, value);
        }
    }
}
