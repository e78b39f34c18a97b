package io.ambient.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ambient.AmbientException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's patch as the report carries it: the full patch is the file beside {@code report.json}; the report
 * holds its beginning, up to a size cap, cut at a line boundary.
 *
 * @param file      name of the full patch file, relative to the report
 * @param bytes     size of the full patch
 * @param truncated whether {@code text} is only the beginning of the patch
 * @param text      the patch, or its beginning
 * @param masked    whether secrets were masked in the patch (in a changed line or a file name): it then no longer
 *                  reproduces the agent's change exactly, and may not apply
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatchInfo(String file, long bytes, boolean truncated, String text,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean masked) {

    /** A patch in which nothing was masked. */
    public PatchInfo(String file, long bytes, boolean truncated, String text) {
        this(file, bytes, truncated, text, false);
    }

    /**
     * Reads at most {@code capBytes} of {@code patchFile}, never the whole of a larger file.
     *
     * @param masked whether secrets were masked in it
     */
    public static PatchInfo of(Path patchFile, int capBytes, boolean masked) {
        try (InputStream in = Files.newInputStream(patchFile)) {
            long size = Files.size(patchFile);
            byte[] head = in.readNBytes((int) Math.min(size, capBytes));
            boolean truncated = size > head.length;
            int length = head.length;
            if (truncated) {
                // Cut after the last complete line so the text stays a readable (partial) patch.
                while (length > 0 && head[length - 1] != '\n') {
                    length--;
                }
            }
            return new PatchInfo(patchFile.getFileName().toString(), size, truncated,
                    new String(head, 0, length, StandardCharsets.UTF_8), masked);
        } catch (IOException e) {
            throw new AmbientException("cannot read patch " + patchFile + ": " + e.getMessage(), e);
        }
    }
}
