package io.ambient.jenkins.config;

import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.ambient.InvalidInputException;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A named context pack the administrator makes available to pipelines ({@code context: ['team-rules']}): either
 * inline YAML (one pack in core's single-file format) or the path of such a YAML file on the controller, read each
 * time a run asks for it so that a file deployed by configuration management is picked up without a save.
 *
 * <p>Packs from SCM are deliberately not offered here: a pack that lives in the repository is best given to the step
 * as a path in the workspace, where it is versioned with the code it describes.
 */
public class ContextPackSource implements Describable<ContextPackSource> {
    private final String name;
    private String yaml;
    private String path;

    @DataBoundConstructor
    public ContextPackSource(String name) {
        String trimmed = Util.fixEmptyAndTrim(name);
        if (trimmed == null) {
            throw new InvalidInputException("a context pack needs a name, e.g. team-rules");
        }
        this.name = trimmed;
    }

    public String getName() {
        return name;
    }

    /** Inline pack YAML, or null. */
    public String getYaml() {
        return yaml;
    }

    @DataBoundSetter
    public void setYaml(String yaml) {
        String text = Util.fixEmptyAndTrim(yaml);
        if (text != null) {
            SettingChecks.pack(text);
        }
        this.yaml = text;
    }

    /** Absolute path of a pack YAML file on the controller, or null. */
    public String getPath() {
        return path;
    }

    @DataBoundSetter
    public void setPath(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    /**
     * Refuses a pack read from a controller file where only inline packs are allowed.
     *
     * @param where who configured the pack, for the message, e.g. {@code a folder}
     */
    void requireInline(String where) {
        if (path != null) {
            throw new InvalidInputException("context pack '" + name + "' of " + where + " names the controller file "
                    + path + ": only Manage Jenkins may use files on the controller; give the pack's YAML inline");
        }
    }

    /**
     * The pack's YAML text: the inline text, else the file's current content (when {@code mayReadFiles}).
     *
     * @throws InvalidInputException when neither is given, the file cannot be read, or files are not allowed
     */
    public String yamlText(boolean mayReadFiles) {
        if (yaml != null) {
            return yaml;
        }
        if (!mayReadFiles) {
            requireInline("a folder");
        }
        if (path == null) {
            throw new InvalidInputException("context pack '" + name + "' has neither YAML nor a file path:"
                    + " give one in Manage Jenkins > System > Ambient agents");
        }
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("context pack '" + name + "': cannot read " + path + " on the controller ("
                    + e.getMessage() + "): fix the path or give the pack inline");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<ContextPackSource> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }

    /** Form validation for a pack entry. */
    @Extension
    @Symbol("contextPack")
    public static class DescriptorImpl extends Descriptor<ContextPackSource> {

        @Override
        public String getDisplayName() {
            return "Context pack";
        }

        @POST
        public FormValidation doCheckYaml(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return SettingChecks.form(value, SettingChecks::pack);
        }

        @POST
        public FormValidation doCheckPath(@QueryParameter String value, @QueryParameter String yaml) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            if (Util.fixEmptyAndTrim(value) == null) {
                return Util.fixEmptyAndTrim(yaml) == null
                        ? FormValidation.error("give the pack's YAML or the path of a YAML file on the controller")
                        : FormValidation.ok();
            }
            Path file = Path.of(value.strip());
            if (!file.isAbsolute() || !Files.isRegularFile(file)) {
                return FormValidation.warning("no such file on the controller (yet): " + file);
            }
            return SettingChecks.form(value, text -> SettingChecks.pack(readQuietly(file)));
        }

        private static String readQuietly(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
