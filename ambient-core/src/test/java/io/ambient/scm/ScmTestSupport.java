package io.ambient.scm;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared bits of the client tests: recorded waits, a fixed clock, JSON answers, draining the mock. */
final class ScmTestSupport {
    static final String TOKEN = "tok-SECRET-1234567890";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private ScmTestSupport() {
    }

    /** Options that record waits instead of sleeping, with a fixed clock. */
    static CommentClientOptions options(List<Duration> waits) {
        return CommentClientOptions.DEFAULT.withSleeper(waits::add)
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    static List<RecordedRequest> drain(MockWebServer server) throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    static String quoted(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }
}
