package io.ambient.run;

import io.ambient.InvalidInputException;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Run ids: sortable by start time, unique, and valid as container names and file names. */
public final class RunIds {
    /** The longest id: what a container name and a file name both take, with room to spare. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0," + (MAX_LENGTH - 1) + "}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    /**
     * A new id like {@code 20261124-191522-3fa9c1d2e4}. 40 random bits: a fan-out starts many runs in the same
     * second, and 24 bits gave two of a thousand the same id about once in thirty tries.
     */
    public static String newId() {
        byte[] suffix = new byte[5];
        RANDOM.nextBytes(suffix);
        return STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + HexFormat.of().formatHex(suffix);
    }

    /**
     * Checks a caller-chosen id.
     *
     * @throws InvalidInputException when it cannot name a container or a file
     */
    public static String requireValid(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new InvalidInputException("invalid run id '" + id
                    + "': use 1-" + MAX_LENGTH + " letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return id;
    }
}
