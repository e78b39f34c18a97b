package io.ambient.report;

import java.io.Serializable;
import java.util.List;

/**
 * The shared context a run was given, as the report records it.
 *
 * @param packs the context packs merged, in order
 * @param hash  content hash of the merged context ({@code sha256:...}): two runs with the same hash had the same
 *              rules, MCP servers, templates and files
 * @param notes what the engine did about the context, e.g. which files it did not trust
 */
public record ContextInfo(List<String> packs, String hash, List<String> notes) implements Serializable {
    public ContextInfo {
        packs = List.copyOf(packs);
        notes = List.copyOf(notes);
    }
}
