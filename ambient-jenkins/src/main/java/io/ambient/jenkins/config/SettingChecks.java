package io.ambient.jenkins.config;

import hudson.util.FormValidation;
import io.ambient.InvalidInputException;
import io.ambient.Units;
import io.ambient.agent.AgentProfiles;
import io.ambient.agent.Endpoint;
import io.ambient.context.ContextPacks;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Checks what administrators type, with core's own loaders, so a form, a JCasC import and a run all reject the
 * same input with the same message. Each check throws {@link InvalidInputException}; {@link #form} turns that into
 * a form error.
 */
final class SettingChecks {
    /** Agent profiles YAML. */
    static final Consumer<String> PROFILES = SettingChecks::profiles;
    /** The default run timeout. */
    static final Consumer<String> TIMEOUT = text -> duration(text, "default timeout");
    /** The default turn limit. */
    static final Consumer<String> MAX_TURNS = text -> positiveInt(text, "default max turns");
    /** The per-controller run limit (0: none). */
    static final Consumer<String> MAX_RUNS = text -> wholeNumber(text, "max concurrent runs", 0);
    /** The default cost limit. */
    static final Consumer<String> BUDGET = text -> positiveUsd(text, "default budget");
    /** The default model endpoint. */
    static final Consumer<String> ENDPOINT = text -> Endpoint.requireValid(text, "default model endpoint");
    /** The tracking endpoint. */
    static final Consumer<String> TRACKING_URL = text -> httpUrl(text, "tracking endpoint");
    /** The GitHub API root. */
    static final Consumer<String> GITHUB_URL = text -> httpUrl(text, "GitHub API URL");
    /** The GitLab API root. */
    static final Consumer<String> GITLAB_URL = text -> httpUrl(text, "GitLab API URL");

    private SettingChecks() {
    }

    /** Runs {@code check} on {@code value} (blank counts as unset and passes). */
    static FormValidation form(String value, Consumer<String> check) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            check.accept(value);
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** {@code value} trimmed, null when blank; checked by {@code check} when set. */
    static String accepted(String value, Consumer<String> check) {
        String text = value == null || value.isBlank() ? null : value.strip();
        if (text != null) {
            check.accept(text);
        }
        return text;
    }

    /** Agent profiles in core's format ({@code profiles:} mapping), parsed by {@link AgentProfiles}. */
    static void profiles(String yaml) {
        AgentProfiles.parse(yaml, "the agent profiles");
    }

    /** One context pack as a single YAML document, parsed by {@link ContextPacks}. */
    static void pack(String yaml) {
        ContextPacks.parse(yaml, "text");
    }

    /** A positive duration such as {@code 30m}. */
    static Duration duration(String text, String what) {
        return Units.parseDuration(text, what);
    }

    /** A whole number of at least 1. */
    static int positiveInt(String text, String what) {
        return wholeNumber(text, what, 1);
    }

    /** A whole number of at least {@code min}. */
    static int wholeNumber(String text, String what, int min) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("invalid " + what + " '" + text + "': give a whole number of at least " + min);
    }

    /** A positive amount of US dollars such as {@code 2.5}. */
    static double positiveUsd(String text, String what) {
        try {
            double value = Double.parseDouble(text.strip());
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("invalid " + what + " '" + text + "': give a positive amount such as 2.5");
    }

    /** An http(s) URL without credentials in it (they would show in every log line naming the URL). */
    static String httpUrl(String text, String what) {
        String value = text.strip();
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                if (uri.getUserInfo() != null) {
                    throw new InvalidInputException(what + " must not carry credentials: choose a credentials id");
                }
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidInputException("invalid " + what + " '" + text
                + "': give an http(s) URL such as https://host/path");
    }
}
