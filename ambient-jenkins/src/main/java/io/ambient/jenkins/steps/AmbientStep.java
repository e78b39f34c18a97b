package io.ambient.jenkins.steps;

import hudson.AbortException;
import hudson.Util;
import io.ambient.AmbientException;
import io.ambient.jenkins.publish.CommentMode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters {@code ambientAgent} and {@code ambientFanOut} share. Optional ones are {@link DataBoundSetter}s;
 * {@code null} leaves the profile's value, then the configured default. Only the checks that need Jenkins are made
 * here; everything else is checked by ambient-core on the node, before a container starts.
 */
public abstract class AmbientStep extends Step {
    /** The agent when none is given. */
    static final String DEFAULT_AGENT = "claude-code";
    /** PR comment modes, as {@code RunPublishing} takes them. */
    static final List<String> COMMENT_MODES = Arrays.stream(CommentMode.values())
            .map(mode -> mode.name().toLowerCase(Locale.ROOT)).toList();
    /** Where agents run. */
    static final List<String> EXECUTORS = List.of("docker", "process");

    private final String prompt;
    private String promptTemplate;
    private String agent;
    private String model;
    private String image;
    private List<String> context = List.of();
    private List<String> args = List.of();
    private String credentialsId;
    private Map<String, String> credentials = Map.of();
    private Integer timeout;
    private Integer maxTurns;
    private Double budgetUsd;
    private String network;
    private String endpoint;
    private String comment = "none";
    private String verify;
    private boolean failOnSuspect;
    private boolean allowSuspect;
    private boolean returnOnFailure;
    private String name;
    private String executor = "docker";

    protected AmbientStep(String prompt) {
        this.prompt = Util.fixEmpty(prompt);
    }

    public String getPrompt() {
        return prompt;
    }

    public String getPromptTemplate() {
        return promptTemplate;
    }

    /** A prompt template of the context packs, filled with the build's environment, instead of {@code prompt}. */
    @DataBoundSetter
    public void setPromptTemplate(String promptTemplate) {
        this.promptTemplate = Util.fixEmptyAndTrim(promptTemplate);
    }

    public String getAgent() {
        return agent;
    }

    /** The agent or profile to run: {@code agent}, else {@value #DEFAULT_AGENT}. */
    String agentOrDefault() {
        return agent != null ? agent : DEFAULT_AGENT;
    }

    /** An agent ({@code claude-code}, {@code codex}, {@code gemini}, {@code warp}, {@code command}) or a profile. */
    @DataBoundSetter
    public void setAgent(String agent) {
        this.agent = Util.fixEmptyAndTrim(agent);
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = Util.fixEmptyAndTrim(model);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    public List<String> getContext() {
        return context;
    }

    /** Context packs by name, merged in order. Blank entries (an empty form selection) are dropped. */
    @DataBoundSetter
    public void setContext(List<String> context) {
        this.context = context == null ? List.of()
                : context.stream().map(Util::fixEmptyAndTrim).filter(pack -> pack != null).toList();
    }

    public List<String> getArgs() {
        return args;
    }

    /** Extra arguments for the agent CLI; for the {@code command} agent, the program and its arguments. */
    @DataBoundSetter
    public void setArgs(List<String> args) {
        this.args = args == null ? List.of() : List.copyOf(args);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** A Secret text credential handed to the agent in its profile's credential variable. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public Map<String, String> getCredentials() {
        return credentials;
    }

    /** Secret text credentials by environment variable name, e.g. {@code [GH_TOKEN: 'github-token']}. */
    @DataBoundSetter
    public void setCredentials(Map<String, String> credentials) {
        this.credentials = credentials == null ? Map.of() : new LinkedHashMap<>(credentials);
    }

    public Integer getTimeout() {
        return timeout;
    }

    /** Minutes. */
    @DataBoundSetter
    public void setTimeout(Integer timeout) {
        this.timeout = timeout;
    }

    public Integer getMaxTurns() {
        return maxTurns;
    }

    @DataBoundSetter
    public void setMaxTurns(Integer maxTurns) {
        this.maxTurns = maxTurns;
    }

    public Double getBudgetUsd() {
        return budgetUsd;
    }

    @DataBoundSetter
    public void setBudgetUsd(Double budgetUsd) {
        this.budgetUsd = budgetUsd;
    }

    public String getNetwork() {
        return network;
    }

    @DataBoundSetter
    public void setNetwork(String network) {
        this.network = Util.fixEmptyAndTrim(network);
    }

    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
    }

    public String getComment() {
        return comment;
    }

    @DataBoundSetter
    public void setComment(String comment) {
        this.comment = Util.fixEmptyAndTrim(comment) == null ? "none" : comment.trim();
    }

    public String getVerify() {
        return verify;
    }

    /** A shell command checking a successful run's result in the run's image, e.g. {@code mvn -q test}. */
    @DataBoundSetter
    public void setVerify(String verify) {
        this.verify = Util.fixEmptyAndTrim(verify);
    }

    public boolean isFailOnSuspect() {
        return failOnSuspect;
    }

    @DataBoundSetter
    public void setFailOnSuspect(boolean failOnSuspect) {
        this.failOnSuspect = failOnSuspect;
    }

    public boolean isAllowSuspect() {
        return allowSuspect;
    }

    /** Let a run that succeeded but is suspect pass: by default it marks the build unstable. */
    @DataBoundSetter
    public void setAllowSuspect(boolean allowSuspect) {
        this.allowSuspect = allowSuspect;
    }

    public boolean isReturnOnFailure() {
        return returnOnFailure;
    }

    /** Return the result map instead of failing the step when the agent does not succeed (like sh's returnStatus). */
    @DataBoundSetter
    public void setReturnOnFailure(boolean returnOnFailure) {
        this.returnOnFailure = returnOnFailure;
    }

    public String getName() {
        return name;
    }

    /** The run's name on the build page and in PR comments; the agent's name by default. */
    @DataBoundSetter
    public void setName(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getExecutor() {
        return executor;
    }

    @DataBoundSetter
    public void setExecutor(String executor) {
        this.executor = Util.fixEmptyAndTrim(executor) == null ? "docker" : executor.trim();
    }

    /**
     * The checks only Jenkins can make, before anything runs: the rest (timeouts, budgets, profiles, packs) is
     * checked by ambient-core on the node, also before any container starts.
     *
     * @throws AbortException naming the parameter and the fix
     */
    void checkParameters() throws AbortException {
        if ((prompt == null) == (promptTemplate == null)) {
            throw new AbortException("give exactly one of prompt: 'TEXT' or promptTemplate: 'NAME' (a template of the "
                    + "context packs)");
        }
        if (failOnSuspect && allowSuspect) {
            throw new AbortException("failOnSuspect and allowSuspect contradict each other: give one of them (a "
                    + "suspect run marks the build unstable when neither is given)");
        }
        try {
            CommentMode.of(comment);
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
        if (!EXECUTORS.contains(executor.toLowerCase(Locale.ROOT))) {
            throw new AbortException("invalid executor: '" + executor + "': use docker (isolated) or process (a local "
                    + "process on the node, for Kubernetes pod containers)");
        }
        for (Map.Entry<String, String> entry : credentials.entrySet()) {
            if (Util.fixEmptyAndTrim(entry.getValue()) == null) {
                throw new AbortException("credentials: " + entry.getKey() + " has no credentials id: give "
                        + entry.getKey() + ": 'ID' of a Secret text credential");
            }
        }
    }

    /** The budget of each run this step starts. */
    Double runBudgetUsd() {
        return budgetUsd;
    }

    /** The run's name: {@code name}, else the agent or profile. */
    String runName() {
        return name != null ? name : agentOrDefault();
    }
}
