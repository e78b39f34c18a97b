package io.ambient.jenkins.report;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import jenkins.model.TransientActionFactory;

import java.util.Collection;
import java.util.List;

/** Adds {@link AmbientProjectAction} to every job (it hides itself until a build has agent runs). */
@Extension
@SuppressWarnings("rawtypes")
public class AmbientProjectActionFactory extends TransientActionFactory<Job> {
    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Collection<? extends Action> createFor(Job target) {
        return List.of(new AmbientProjectAction((Job<?, ?>) target));
    }
}
