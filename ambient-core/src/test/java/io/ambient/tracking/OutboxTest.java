package io.ambient.tracking;

import io.ambient.tracking.TrackingFixtures.MutableClock;
import io.ambient.tracking.TrackingFixtures.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static io.ambient.tracking.TrackingFixtures.START;
import static io.ambient.tracking.TrackingFixtures.TOKEN;
import static io.ambient.tracking.TrackingFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(START);
    private final RecordingListener listener = new RecordingListener();

    @Test
    void oneRecordAndOneStateFilePerRunNamedByRunId() throws Exception {
        Outbox outbox = new Outbox(dir, 10, listener, clock);
        OutboxEntry entry = outbox.put(TrackingRecord.of(report("20261125-100000-abcdef")));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "20261125-100000-abcdef.record.json", "20261125-100000-abcdef.state.json");
        }
        assertThat(entry).isEqualTo(new OutboxEntry("20261125-100000-abcdef", START, 0, START, false, null));
        assertThat(outbox.entries()).containsExactly(entry);
    }

    @Test
    void aRunIdThatIsNoSafeFileNameIsHashed() throws Exception {
        Outbox outbox = new Outbox(dir, 10, listener, clock);
        outbox.put(TrackingRecord.of(report("../../etc/passwd")));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(n -> n.startsWith("sha256-"));
        }
        assertThat(outbox.entries()).singleElement().extracting(OutboxEntry::runId).isEqualTo("../../etc/passwd");
    }

    @Test
    void aReplacedRecordIsNotRemovedByTheDeliveryOfItsPredecessor() throws Exception {
        Outbox outbox = new Outbox(dir, 10, listener, clock);
        OutboxEntry sent = outbox.put(TrackingRecord.of(report("r1")));
        clock.advance(Duration.ofSeconds(1));
        outbox.put(TrackingRecord.of(report("r1"))); // a newer report while the old one was on the wire

        assertThat(outbox.remove(sent)).isFalse();
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void orphanStateFilesAreCleanedUp() throws Exception {
        Outbox outbox = new Outbox(dir, 10, listener, clock);
        outbox.put(TrackingRecord.of(report("r1")));
        Files.delete(dir.resolve("r1" + Outbox.RECORD_SUFFIX)); // killed between the two deletes

        assertThat(outbox.entries()).isEmpty();
        assertThat(dir.resolve("r1" + Outbox.STATE_SUFFIX)).doesNotExist();
    }

    @Test
    void configurationAndClientNeverPrintTheToken() {
        TrackingConfig config = TrackingConfig.of(URI.create("https://tracking.example.com/ambient"), TOKEN);
        assertThat(config.toString()).doesNotContain(TOKEN).contains("****");
        try (TrackingClient client = new TrackingClient(config.endpoint(), TOKEN, Duration.ofSeconds(1),
                Duration.ofSeconds(1))) {
            assertThat(client.toString()).doesNotContain(TOKEN);
            assertThat(client.urlFor("r1").toString()).isEqualTo("https://tracking.example.com/ambient/runs/r1");
        }
        assertThatThrownBy(() -> TrackingConfig.of(URI.create("https://user:pw@tracking.example.com/"), TOKEN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrackingConfig.of(URI.create("file:///tmp/x"), TOKEN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
