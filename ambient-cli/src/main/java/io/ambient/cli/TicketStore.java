package io.ambient.cli;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.Json;
import io.ambient.run.RunTicket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run tickets on disk, one JSON file per run, so {@code ambient attach} can finish a run from a new process.
 * Tickets hold no secrets (see {@link RunTicket}).
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
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no run '" + runId + "' in " + dir
                    + ": give an id printed by 'ambient run --detach' (and the same --state-dir)");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), RunTicket.class);
        } catch (IOException e) {
            throw new AmbientException("cannot read run ticket " + file + ": " + e.getMessage(), e);
        }
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
}
