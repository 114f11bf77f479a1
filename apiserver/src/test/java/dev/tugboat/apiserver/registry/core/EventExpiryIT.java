package dev.tugboat.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.apiserver.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventExpiryIT {

    private static String event(String name, Instant last) {
        return """
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"%s"},"reason":"Started",
                 "involvedObject":{"kind":"Pod","name":"p","namespace":"default"},
                 "firstTimestamp":"%s","lastTimestamp":"%s"}""".formatted(name, Timestamps.format(last),
                Timestamps.format(last));
    }

    @Test
    void eventsLastRecordedBeforeTheTtlAreDeletedAndNewerOnesStay() throws Exception {
        try (TestServer s = new TestServer()) {
            Instant now = Instant.now();
            // Written now (its creation is its last write); recorded again an hour from now.
            var a = s.post("/api/v1/namespaces/default/events", event("written-now.1", now.minus(Duration.ofHours(1))));
            var b = s.post("/api/v1/namespaces/default/events", event("seen-later.1", now.plus(Duration.ofHours(1))));
            assertThat(a.status()).as(a.body()).isEqualTo(201);
            assertThat(b.status()).as(b.body()).isEqualTo(201);

            Clock later = Clock.fixed(now.plus(Duration.ofMinutes(90)), ZoneOffset.UTC);
            EventExpiry expiry = new EventExpiry(s.server().registry().store("", "v1", "events").orElseThrow(),
                    Duration.ofHours(1), later);

            assertThat(expiry.sweep()).isEqualTo(1);
            assertThat(s.get("/api/v1/namespaces/default/events/written-now.1").status()).isEqualTo(404);
            assertThat(s.get("/api/v1/namespaces/default/events/seen-later.1").status()).isEqualTo(200);
        }
    }
}
