package io.ambient.jenkins.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.Util;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.util.List;

/**
 * The secret-text credentials a settings form may pick (API tokens), listed the way the credentials plugin's own
 * forms do: only for a user who may configure the place, otherwise just the current value so a save keeps it.
 */
public final class CredentialsLists {
    private CredentialsLists() {
    }

    /** For the global configuration: system-wide credentials, for administrators. */
    public static ListBoxModel global(String current) {
        Jenkins jenkins = Jenkins.get();
        if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(Util.fixNull(current));
        }
        return new StandardListBoxModel().includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, jenkins, StringCredentials.class, List.of(),
                        CredentialsMatchers.always())
                .includeCurrentValue(Util.fixNull(current));
    }

    /** For a folder or a job: the credentials visible from it, for users who may configure it. */
    public static ListBoxModel forItem(Item item, String current) {
        if (item == null || !item.hasPermission(Item.CONFIGURE)) {
            return new StandardListBoxModel().includeCurrentValue(Util.fixNull(current));
        }
        return new StandardListBoxModel().includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, StringCredentials.class, List.of(), CredentialsMatchers.always())
                .includeCurrentValue(Util.fixNull(current));
    }
}
