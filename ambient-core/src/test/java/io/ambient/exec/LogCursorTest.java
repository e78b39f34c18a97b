package io.ambient.exec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogCursorTest {

    @Test
    void advancesOnlyTheStreamOfTheLineHandled() {
        LogCursor cursor = LogCursor.START
                .after(new OutputLine(StdStream.STDOUT, 0, "a"))
                .after(new OutputLine(StdStream.STDOUT, 1, "b"))
                .after(new OutputLine(StdStream.STDERR, 0, "oops"));

        assertThat(cursor).isEqualTo(new LogCursor(2, 1));
        assertThat(cursor.hasDelivered(new OutputLine(StdStream.STDOUT, 1, "b"))).isTrue();
        assertThat(cursor.hasDelivered(new OutputLine(StdStream.STDOUT, 2, "c"))).isFalse();
        assertThat(cursor.hasDelivered(new OutputLine(StdStream.STDERR, 1, "more"))).isFalse();
    }

    @Test
    void survivesJavaSerializationAsAJenkinsStepWouldPersistIt() throws IOException, ClassNotFoundException {
        LogCursor cursor = new LogCursor(41, 7);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(cursor);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(cursor);
        }
    }
}
