package io.ambient.jenkins.report;

import hudson.model.Action;

/** What the plugin's links have in common: the name, icon and URL segment {@code ambient}. */
public abstract class AmbientLink implements Action {
    /** The icon of the links (as junit's test results). */
    public static final String ICON = "clipboard.png";

    @Override
    public String getIconFileName() {
        return ICON;
    }

    @Override
    public String getDisplayName() {
        return "Ambient agents";
    }

    @Override
    public String getUrlName() {
        return AmbientRunsAction.URL_NAME;
    }
}
