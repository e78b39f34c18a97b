package io.ambient.cli;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.Json;
import io.ambient.run.RunResult;
import io.ambient.run.RunTicket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run tickets on disk, one JSON file per run, so {@code ambient attach} can finish a run from a new process.
 * Tickets hold no secrets (see {@link RunTicket}). A run that ended leaves a note of its status and report instead.
 */
final class TicketStore {
    private final Path dir;

    TicketStore(Path dir) {
        this.dir = dir;
    }

    void save(RunTicket ticket) {
        try {
            Json.writeAtomically(ticket, file(ticket.runId()));
        } catch (IOException e) {
            throw new AmbientException("cannot save run ticket in " + dir + ": " + e.getMessage(), e);
        }
    }

    RunTicket load(String runId) {
        Path file = file(runId);
        if (!Files.isRegularFile(file) && Files.isRegularFile(endedFile(runId))) {
            Ended ended = read(endedFile(runId), Ended.class);
            throw new InvalidInputException("run " + runId + " has finished already (" + ended.status() + "): its "
                    + "report is " + ended.report() + "; render it with 'ambient report --html " + ended.report() + "'");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no run '" + runId + "' in " + dir
                    + ": give an id printed by 'ambient run --detach' (and the same --state-dir)");
        }
        return read(file, RunTicket.class);
    }

    /** Replaces the ticket of a run that ended with the note {@link #load} points an attach at. */
    void ended(RunResult result) {
        String runId = result.report().runId();
        try {
            Json.writeAtomically(new Ended(result.report().status().toString(),
                    result.reportFile().toAbsolutePath().toString()), endedFile(runId));
        } catch (IOException e) {
            throw new AmbientException("cannot save the end of run " + runId + " in " + dir + ": " + e.getMessage(), e);
        }
        delete(runId);
    }

    void delete(String runId) {
        try {
            Files.deleteIfExists(file(runId));
        } catch (IOException e) {
            throw new AmbientException("cannot delete run ticket " + file(runId) + ": " + e.getMessage(), e);
        }
    }

    private Path file(String runId) {
        return dir.resolve(runId + ".json");
    }

    private Path endedFile(String runId) {
        return dir.resolve(runId + ".ended.json");
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new AmbientException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** How a run ended and where its report is. */
    record Ended(String status, String report) {
    }
}
