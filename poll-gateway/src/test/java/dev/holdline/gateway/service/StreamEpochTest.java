package dev.holdline.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.platform.rest.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamEpochTest {

    private final StreamEpoch epoch = new StreamEpoch(new FakeClock(Instant.parse("2026-12-06T01:00:00Z")));

    @Test
    void shouldProposeItsStartTimeUntilTheStreamNamesAnEpoch() {
        assertNull(epoch.current());
        assertEquals(Long.toString(Instant.parse("2026-12-06T01:00:00Z").toEpochMilli(), 36), epoch.announced());
        epoch.read("mxb5p85j");
        assertEquals("mxb5p85j", epoch.current());
        assertEquals("mxb5p85j", epoch.announced(), "once known, markers repeat the stream's epoch");
    }

    @Test
    void shouldKeepTheFirstEpochReadAndIgnoreLaterOrMalformedOnes() {
        epoch.read("NOT-ONE");
        assertNull(epoch.current());
        epoch.read("abc");
        epoch.read("xyz"); // a second replica's proposal, later in the stream
        assertEquals("abc", epoch.current());
    }

    @Test
    void shouldCallOnlyAnotherKnownEpochForeign() {
        assertFalse(epoch.isForeign("abc"), "this replica does not know its epoch yet: it cannot judge");
        epoch.read("abc");
        assertTrue(epoch.isForeign("xyz"));
        assertFalse(epoch.isForeign("abc"));
        assertFalse(epoch.isForeign(null), "a cursor without an epoch resumes");
    }

    @Test
    void shouldWriteAndReadCursorsWithAndWithoutAnEpoch() {
        assertEquals("c1z.abc", Cursors.format(71, "abc"));
        assertEquals("c1z", Cursors.format(71, null));
        assertEquals(new Cursors.Cursor(71, "abc"), Cursors.parse("c1z.abc", "cursor"));
        assertEquals(new Cursors.Cursor(71, null), Cursors.parse("c1z", "cursor"));
        for (String bad : new String[] {"c1z.", "c.abc", "c1z.ABC", "c1z.a.b", "c-5", "c1z.abcdefghijklmnopq", "x1"}) {
            ApiException refused = assertThrows(ApiException.class, () -> Cursors.parse(bad, "cursor"), bad);
            assertEquals("invalid_cursor", refused.body().error());
        }
    }
}
