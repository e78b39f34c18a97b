package io.ambient.context;

import io.ambient.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} placeholders in a prompt template. {@code $${} writes a literal {@code ${}. A placeholder
 * without a value is an error naming every missing variable, so a prompt never reaches an agent half-filled.
 * Common variables come from the build: {@code SHARD_NAME}, {@code SHARD_PATHS}, {@code BRANCH}, {@code CHANGE_ID},
 * {@code CHANGE_URL}, {@code BUILD_URL}; callers add their own.
 */
public final class PromptTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\$)?\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private PromptTemplate() {
    }

    /** Build variables a template may use, as Jenkins sets them; {@link #buildVariables} copies these. */
    public static final List<String> BUILD_VARIABLES = List.of("SHARD_NAME", "SHARD_PATHS", "CHANGE_ID", "CHANGE_URL",
            "CHANGE_TARGET", "BUILD_URL", "JOB_NAME", "BUILD_NUMBER");

    /**
     * The template variables a build's environment gives: {@link #BUILD_VARIABLES} that are set, and {@code BRANCH}
     * ({@code BRANCH_NAME}, else {@code GIT_BRANCH}).
     */
    public static Map<String, String> buildVariables(Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : BUILD_VARIABLES) {
            String value = env.get(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        String branch = env.get("BRANCH_NAME") != null ? env.get("BRANCH_NAME") : env.get("GIT_BRANCH");
        if (branch != null) {
            values.put("BRANCH", branch);
        }
        return values;
    }

    /**
     * @param name     the template's name, for messages
     * @param template the text
     * @param values   variable values
     * @throws InvalidInputException listing the variables that have no value
     */
    public static String expand(String name, String template, Map<String, String> values) {
        Set<String> missing = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) != null) {
                replacement = "${" + matcher.group(2) + "}";
            } else if (values.containsKey(matcher.group(2))) {
                replacement = values.get(matcher.group(2));
            } else {
                missing.add(matcher.group(2));
                replacement = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        if (!missing.isEmpty()) {
            throw new InvalidInputException("template " + name + " needs " + String.join(", ", missing)
                    + ": pass " + missing.stream().map(var -> "--var " + var + "=...").reduce((a, b) -> a + " " + b)
                    .orElseThrow() + " (in Jenkins, set them in the build's environment)");
        }
        return out.toString();
    }
}
