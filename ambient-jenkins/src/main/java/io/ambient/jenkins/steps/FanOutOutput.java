package io.ambient.jenkins.steps;

import java.io.Serializable;

/**
 * A finished fan-out, as plain data for the controller.
 *
 * @param fanOutJson its {@code fanout.json}, every run's report included
 * @param outDir     the fan-out's directory on the node (runs' reports under {@code runs/NAME/})
 */
record FanOutOutput(String fanOutJson, String outDir) implements Serializable {
    private static final long serialVersionUID = 1L;
}
