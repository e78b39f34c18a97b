package io.ambient.report.render;

import io.ambient.report.ReportFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stylesheet of the rendered HTML, shipped as the classpath resource
 * {@code io/ambient/report/render/ambient-report.css}. Standalone pages link it as a file beside them (not inline:
 * a strict Content-Security-Policy such as Jenkins' {@code style-src 'self'} blocks {@code <style>} elements);
 * an embedding page (e.g. a Jenkins plugin) serves it itself.
 */
public final class ReportStyles {
    /** The stylesheet's file name, as pages link it. */
    public static final String FILE_NAME = "ambient-report.css";
    /** The classpath resource. */
    public static final String RESOURCE = "/io/ambient/report/render/" + FILE_NAME;

    private ReportStyles() {
    }

    /** The stylesheet's text. */
    public static String css() {
        try (InputStream in = ReportStyles.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the stylesheet into {@code dir} as {@value #FILE_NAME}, never through a link; returns the file.
     *
     * @param dir a {@link io.ambient.FileTrees#realDirectory real path}
     */
    public static Path writeTo(Path dir) {
        return ReportFiles.writeFile(dir, FILE_NAME, file -> Files.writeString(file, css(), StandardCharsets.UTF_8));
    }
}
