package dev.holdline.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.holdline.platform.rest.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollQueryTest {

    @Test
    void shouldReadRepeatedChannelsAndTheOtherParameters() {
        PollRoute.Query query = PollRoute.Query.of("channel=room:a&timeout=5&channel=user:bob&cursor=c1z&limit=7");
        assertEquals(List.of("room:a", "user:bob"), query.channels());
        assertEquals("5", query.timeout());
        assertEquals("7", query.limit());
        assertEquals("c1z", query.cursor());
    }

    @Test
    void shouldDecodeEscapesAndIgnoreWhatIsNotOurs() {
        PollRoute.Query query = PollRoute.Query.of("x=1&channel=room%3Alobby&&flag&chan%6Eel=broadcast&channel=a+b");
        assertEquals(List.of("room:lobby", "broadcast", "a b"), query.channels());
        assertNull(query.cursor());
        assertEquals(List.of(), PollRoute.Query.of(null).channels());
        assertEquals(List.of(), PollRoute.Query.of("").channels());
    }

    @Test
    void shouldRejectABrokenEscapeNamingTheQuery() {
        ApiException e = assertThrows(ApiException.class, () -> PollRoute.Query.of("channel=room%zz"));
        assertEquals(400, e.status());
        assertEquals("invalid_query", e.body().error());
    }
}
