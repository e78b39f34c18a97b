package io.ambient.exec;

/** Labels that mark what this tool started, so runs can be found again and leftovers reaped. */
public final class Labels {
    /** Present on every container this tool creates; its value is the format version. */
    public static final String MANAGED = "io.ambient.managed";
    public static final String RUN_ID = "io.ambient.run-id";
    /** {@link Owner#current()} of the process that started the run. */
    public static final String OWNER = "io.ambient.owner";
    /** Epoch milliseconds after which the run is killed as timed out; absent for no timeout. */
    public static final String DEADLINE = "io.ambient.deadline";
    public static final String WORKSPACE = "io.ambient.workspace";
    public static final String WORKSPACE_MODE = "io.ambient.workspace-mode";
    /** Host directory mounted as the run's input directory, removed with the container; absent when copied in. */
    public static final String INPUT = "io.ambient.input";

    private Labels() {
    }
}
